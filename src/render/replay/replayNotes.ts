import type { Summary } from '../../core/replay/replayReport.js';
import { counted } from '../../core/text/plural.js';

/** The lines for stderr after a replay's report: why it did not exit 0, when that is not a failure on the report. */
export function replayNotes(s: Summary): string[] {
  const notes: string[] = [];
  if (s.cannotChange) {
    notes.push(`${counted(s.cannotChange, 'delivery was', 'deliveries were')} not sent: the change asked for cannot apply to ${s.cannotChange === 1 ? 'its payload' : 'their payloads'} (exit 1; not a failure of the receiver)`);
  }
  if (s.interrupted) notes.push(`interrupted: ${s.sent} of ${counted(s.planned, 'delivery', 'deliveries')} sent`);
  return notes;
}
