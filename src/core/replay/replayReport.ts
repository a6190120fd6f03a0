/**
 * What `replay` reports, from which every format is rendered, and the exit code it implies. URLs
 * and headers are redacted before they get here.
 */
import { unmarked, type CaseReport, type Mark } from '../report/caseReport.js';

export interface DeliveryResult {
  /** Position in the plan, 0-based. */
  index: number;
  file: string;
  /** 1-based copy number with --times. */
  copy: number;
  trigger: string | null;
  eventId: number | string | null;
  status: number | null;
  attempts: number;
  /** Latency of the last attempt, ms. */
  ms: number | null;
  /** From the start of the first attempt to the end of the last, retry waits included, ms. */
  totalMs?: number;
  ok: boolean;
  error?: string;
  /** Not sent because the change asked for cannot apply to this payload: why. */
  cannotChange?: string;
  /** The start of the receiver's answer when it did not meet --expect. */
  answer?: string;
  /** What was changed before sending (`--set` paths, new ids). */
  changed?: string[];
  bytes?: number;
}

/** A delivery not attempted: its place and labels, as the dry run reports it. */
export function pendingResult(index: number, copy: number, payload: { name: string; trigger: string | null; eventId: number | string | null }): DeliveryResult {
  return { index, file: payload.name, copy, trigger: payload.trigger, eventId: payload.eventId, status: null, attempts: 0, ms: null, ok: false };
}

export interface Summary {
  planned: number;
  sent: number;
  succeeded: number;
  /** Sent and not answered as --expect says, or not readable: failures, of the receiver or the input. */
  failed: number;
  /** Not sent because the change cannot apply to the payload; not a failure of the receiver. */
  cannotChange: number;
  /** Not sent because of Ctrl-C. */
  notSent: number;
  p50Ms: number | null;
  p95Ms: number | null;
  interrupted: boolean;
}

/** Nearest-rank percentile of unsorted values; null for none. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

/** Results in plan order: an array, or a run's ResultTable, which makes each one as it is reached. */
export type DeliveryResults = Iterable<DeliveryResult> & { readonly length: number };

export function summarizeReplay(planned: number, results: DeliveryResults, interrupted: boolean): Summary {
  const latencies: number[] = [];
  let sent = 0;
  let succeeded = 0;
  let cannotChange = 0;
  for (const r of results) {
    if (r.attempts > 0) sent++;
    if (r.ok) succeeded++;
    if (r.cannotChange !== undefined) cannotChange++;
    if (r.ms !== null && r.status !== null) latencies.push(r.ms);
  }
  return {
    planned,
    sent,
    succeeded,
    failed: results.length - succeeded - cannotChange,
    cannotChange,
    notSent: planned - results.length,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    interrupted,
  };
}

export interface ReplayReport {
  target: string;
  expect: string;
  times: number;
  results: DeliveryResults;
  summary: Summary;
}

/**
 * 130 after Ctrl-C; 1 when a delivery failed, and also when a change could not be applied to some
 * payloads: the run did not do what was asked for them, and a CI job must not pass on half the
 * fixtures. Narrowing the inputs to the payloads the change fits gives 0.
 */
export function replayExitCode(summary: Summary): number {
  if (summary.interrupted) return 130;
  return summary.failed > 0 || summary.cannotChange > 0 ? 1 : 0;
}

/** The words every format shows for a payload a change cannot apply to. */
export const NOT_SENT = 'not sent (cannot change)';

/** `f.json`, or `f.json (2/3)` for the second of three copies (`--times 3`). */
export function deliveryLabel(r: Pick<DeliveryResult, 'file' | 'copy'>, times: number): string {
  return times > 1 ? `${r.file} (${r.copy}/${times})` : r.file;
}

/** Why a delivery did not meet `--expect`, in one line. */
export function failureText(r: DeliveryResult, expect: string): string {
  return r.error ?? `HTTP ${r.status} (expected ${expect})${r.answer ? `: ${r.answer}` : ''}`;
}

/** A case per delivery; a failed one holds one finding, about the delivery as a whole; one not sent (cannot change) is skipped. */
export function replayCases(report: ReplayReport): CaseReport {
  return {
    suite: `coperniq-hooks replay ${report.target}`,
    cases: Array.from(report.results, (r) => {
      const failed = !r.ok && r.cannotChange === undefined;
      return {
        name: deliveryLabel(r, report.times),
        group: r.trigger ?? 'replay',
        failed,
        ...(r.cannotChange === undefined ? {} : { skipped: `${NOT_SENT}: ${r.cannotChange}` }),
        seconds: r.ms === null ? undefined : (r.totalMs ?? r.ms) / 1000,
        findings: failed ? [{ level: 'error', path: '', code: r.error ? 'not-delivered' : 'unexpected-status', message: failureText(r, report.expect) }] : [],
        details: [`status: ${r.status ?? '-'}`, `attempts: ${r.attempts}`, `event: ${r.eventId ?? '-'}`, ...(r.changed?.length ? [`changed: ${r.changed.join(', ')}`] : [])],
      };
    }),
    summary: summaryText(report.summary),
  };
}

export const msText = (v: number | null): string => (v === null ? '-' : `${Math.round(v)} ms`);

/** `sent 3, succeeded 2, failed 1, p50 5 ms, p95 9 ms`; the pretty report colours the counts. */
export function summaryText(s: Summary, mark: { succeeded?: Mark; failed?: Mark; notSent?: Mark } = {}): string {
  const notSent = mark.notSent ?? unmarked;
  const parts = [
    `sent ${s.sent}`,
    (mark.succeeded ?? unmarked)(`succeeded ${s.succeeded}`),
    s.failed ? (mark.failed ?? unmarked)(`failed ${s.failed}`) : 'failed 0',
    ...(s.cannotChange ? [notSent(`not sent ${s.cannotChange} (cannot change)`)] : []),
    `p50 ${msText(s.p50Ms)}`,
    `p95 ${msText(s.p95Ms)}`,
  ];
  if (s.notSent) parts.push(notSent(`not sent ${s.notSent} (interrupted)`));
  return parts.join(', ');
}
