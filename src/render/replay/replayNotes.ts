import type { Summary } from '../../core/replay/replayReport.js';
import { counted } from '../../core/text/plural.js';
import { printable } from '../../core/text/printable.js';
import { wrap } from '../width.js';

/** The line before sending; a long target goes on over the next lines, whole (it is redacted already). */
export function renderReplayStart(planned: number, target: string, width: number): string {
  return `${wrap(`replaying ${counted(planned, 'delivery', 'deliveries')} to ${printable(target)}`, width, '', '  ').join('\n')}\n`;
}

/** The lines for stderr after a replay's report: why it did not exit 0 when the report shows no failure. */
export function renderReplayNotes(s: Summary, width: number): string {
  const notes: string[] = [];
  if (s.cannotChange) {
    const what = `${counted(s.cannotChange, 'delivery was', 'deliveries were')} not sent: the change asked for cannot apply to ${s.cannotChange === 1 ? 'its payload' : 'their payloads'}.`;
    notes.push(...wrap(`${what} Not a failure of the receiver; the exit code is 1 until only payloads the change fits are picked (e.g. with --trigger or --verdict valid).`, width));
  }
  if (s.interrupted) notes.push(`interrupted: ${s.sent} of ${counted(s.planned, 'delivery', 'deliveries')} sent`);
  return notes.map((n) => `${n}\n`).join('');
}
