/**
 * What `replay` reports, from which every format is rendered. URLs and headers are redacted before
 * they get here.
 */
import { unmarked, type CaseReport, type Mark } from '../report/caseReport.js';
import type { DeliveryResult, Summary } from './replayPlan.js';

export interface ReplayReport {
  target: string;
  expect: string;
  times: number;
  results: DeliveryResult[];
  summary: Summary;
}

export interface DryRunEntry {
  file: string;
  copy: number;
  trigger: string | null;
  eventId: number | string | null;
  bytes: number | null;
  headers: Record<string, string | string[]>;
  changed: string[];
  problem?: string;
}

export interface DryRunReport {
  target: string;
  entries: DryRunEntry[];
}

/** `f.json`, or `f.json (2/3)` for the second of three copies (`--times 3`). */
export function deliveryLabel(r: Pick<DeliveryResult, 'file' | 'copy'>, times: number): string {
  return times > 1 ? `${r.file} (${r.copy}/${times})` : r.file;
}

/** Why a delivery did not meet `--expect`, in one line. */
export function failureText(r: DeliveryResult, expect: string): string {
  return r.error ?? `HTTP ${r.status} (expected ${expect})${r.answer ? `: ${r.answer}` : ''}`;
}

/** A case per delivery; a failed one holds one finding, about the delivery as a whole. */
export function replayCases(report: ReplayReport): CaseReport {
  return {
    suite: `coperniq-hooks replay ${report.target}`,
    cases: report.results.map((r) => ({
      name: deliveryLabel(r, report.times),
      group: r.trigger ?? 'replay',
      failed: !r.ok,
      seconds: r.ms === null ? undefined : (r.totalMs ?? r.ms) / 1000,
      findings: r.ok ? [] : [{ level: 'error', path: '', code: r.error ? 'not-delivered' : 'unexpected-status', message: failureText(r, report.expect) }],
      details: [`status: ${r.status ?? '-'}`, `attempts: ${r.attempts}`, `event: ${r.eventId ?? '-'}`, ...(r.changed?.length ? [`changed: ${r.changed.join(', ')}`] : [])],
    })),
    summary: summaryText(report.summary),
  };
}

export const msText = (v: number | null): string => (v === null ? '-' : `${Math.round(v)} ms`);

/** `sent 3, succeeded 2, failed 1, p50 5 ms, p95 9 ms`; the pretty report colours the counts. */
export function summaryText(s: Summary, mark: { succeeded?: Mark; failed?: Mark; notSent?: Mark } = {}): string {
  const parts = [
    `sent ${s.sent}`,
    (mark.succeeded ?? unmarked)(`succeeded ${s.succeeded}`),
    s.failed ? (mark.failed ?? unmarked)(`failed ${s.failed}`) : 'failed 0',
    `p50 ${msText(s.p50Ms)}`,
    `p95 ${msText(s.p95Ms)}`,
  ];
  if (s.notSent) parts.push((mark.notSent ?? unmarked)(`not sent ${s.notSent} (interrupted)`));
  return parts.join(', ');
}
