/**
 * Order and tallies for `replay`: which payload goes first, and the summary every format shares.
 */

export interface Orderable {
  name: string;
  /** `event.firedAt` as epoch ms, or null when absent or unreadable. */
  firedAt: number | null;
  /** Capture-directory payloads keep the index's order. */
  fromIndex: boolean;
}

const byFiredThenName = (a: Orderable, b: Orderable) => {
  const fa = a.firedAt ?? Infinity;
  const fb = b.firedAt ?? Infinity;
  if (fa !== fb) return fa < fb ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
};

/**
 * Payloads from a capture index stay in arrival order; each run of other payloads between them is
 * ordered by `event.firedAt`, then name, so a day of fixtures replays as it happened.
 */
export function orderForReplay<T extends Orderable>(items: T[]): T[] {
  const out: T[] = [];
  let run: T[] = [];
  const flush = () => {
    out.push(...run.sort(byFiredThenName));
    run = [];
  };
  for (const item of items) {
    if (item.fromIndex) {
      flush();
      out.push(item);
    } else run.push(item);
  }
  flush();
  return out;
}

export function firedAtMs(value: unknown): number | null {
  const event = value && typeof value === 'object' ? (value as { event?: unknown }).event : undefined;
  const fired = event && typeof event === 'object' ? (event as { firedAt?: unknown }).firedAt : undefined;
  if (typeof fired !== 'string') return null;
  const ms = Date.parse(fired);
  return Number.isNaN(ms) ? null : ms;
}

/** Nearest-rank percentile of unsorted values; null for none. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

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
  /** The start of the receiver's answer when it did not meet --expect. */
  answer?: string;
  /** What was changed before sending (`--set` paths, new ids). */
  changed?: string[];
  bytes?: number;
}

export interface Summary {
  planned: number;
  sent: number;
  succeeded: number;
  failed: number;
  /** Not sent because of Ctrl-C. */
  notSent: number;
  p50Ms: number | null;
  p95Ms: number | null;
  interrupted: boolean;
}

export function summarizeReplay(planned: number, results: DeliveryResult[], interrupted: boolean): Summary {
  const latencies: number[] = [];
  let sent = 0;
  let succeeded = 0;
  for (const r of results) {
    if (r.attempts > 0) sent++;
    if (r.ok) succeeded++;
    if (r.ms !== null && r.status !== null) latencies.push(r.ms);
  }
  return {
    planned,
    sent,
    succeeded,
    failed: results.length - succeeded,
    notSent: planned - results.length,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    interrupted,
  };
}
