/** What `replay --dry-run` reports: each delivery as it would be sent, or why it would not be. */
import { redactHeaders, type RedactOptions } from '../capture/redact.js';
import type { Headers, Prepared } from './prepareDelivery.js';
import type { DeliveryResult } from './replayReport.js';

export interface DryRunEntry {
  file: string;
  copy: number;
  trigger: string | null;
  eventId: number | string | null;
  bytes: number | null;
  headers: Headers;
  changed: string[];
  /** Would fail: unreadable or malformed input. */
  problem?: string;
  /** Would not be sent: the change cannot apply. */
  cannotChange?: string;
}

export interface DryRunReport {
  target: string;
  entries: DryRunEntry[];
}

/** What the dry run says of one delivery; `prepared` is a string when the payload could not be read. */
export function dryRunEntry(result: DeliveryResult, prepared: Prepared | string, redaction: RedactOptions): DryRunEntry {
  const base = { file: result.file, copy: result.copy, trigger: result.trigger, eventId: result.eventId, bytes: null, headers: {}, changed: [] };
  if (typeof prepared === 'string') return { ...base, problem: prepared };
  if ('cannotChange' in prepared) return { ...base, cannotChange: prepared.cannotChange };
  return { ...base, eventId: prepared.eventId, bytes: prepared.body.length, headers: redactHeaders(prepared.headers, redaction), changed: prepared.changed };
}

export function dryRunExitCode(report: DryRunReport): number {
  return report.entries.some((e) => e.problem !== undefined || e.cannotChange !== undefined) ? 1 : 0;
}
