/**
 * The delivery loop: `concurrency` workers take deliveries in plan order (so one worker keeps the
 * order exactly), retry what is worth retrying, and stop taking work on Ctrl-C.
 */
import type { Prepared, StoredPayload } from '../../core/replay/prepareDelivery.js';
import type { Expect } from '../../core/replay/replayOptions.js';
import { ResultTable, type SentOutcome } from '../../core/replay/resultTable.js';
import { isRetryableStatus, retryDelay } from '../../core/replay/retry.js';
import type { Delivery, DeliveryQueue } from '../../io/inputs/deliveryQueue.js';
import { sleep } from '../../io/http/rateGate.js';
import type { Attempt, Sender } from '../../io/http/sender.js';

type Ready = Exclude<Prepared, { cannotChange: string }>;

export interface RunPlan {
  queue: DeliveryQueue;
  concurrency: number;
  retries: number;
  expect: Expect;
  sender: Sender;
  prepare: (stored: StoredPayload, bytes: Buffer) => Prepared;
  gate: () => Promise<void>;
  signal: AbortSignal;
  /** After each delivery with a result; `failed` as the report counts failures. */
  onDone: (failed: boolean) => void;
}

/** Results in plan order; deliveries not started before Ctrl-C have none. */
export async function runDeliveries(plan: RunPlan): Promise<ResultTable> {
  const { queue, signal } = plan;
  const results = new ResultTable(queue.payloads, queue.times);
  const worker = async (w: number) => {
    for (;;) {
      const d = signal.aborted ? undefined : queue.take();
      if (!d) return;
      const failed = await runOne(plan, d, w, results);
      if (failed === undefined) return;
      plan.onDone(failed);
    }
  };
  await Promise.all(Array.from({ length: Math.min(plan.concurrency, Math.max(1, queue.planned)) }, (_, w) => worker(w)));
  return results;
}

/** One delivery from the queue to its result: whether it failed; undefined when Ctrl-C came before its first attempt. */
async function runOne(plan: RunPlan, d: Delivery, worker: number, results: ResultTable): Promise<boolean | undefined> {
  const prepared = prepareOne(plan, d, worker);
  if (typeof prepared === 'string') {
    results.notSent(d.index, { error: prepared });
    return true;
  }
  if ('cannotChange' in prepared) {
    results.notSent(d.index, { cannotChange: prepared.cannotChange });
    return false;
  }
  const outcome = await deliver(plan, prepared);
  if (!outcome) return undefined;
  results.sent(d.index, outcome);
  return !outcome.ok;
}

/** The delivery ready to send, or why it cannot be (a string: the input is unreadable or malformed). */
export function prepareOne(plan: Pick<RunPlan, 'queue' | 'prepare'>, d: Delivery, worker: number): Prepared | string {
  if (d.item.problem) return d.item.problem;
  try {
    return plan.prepare(d.item, plan.queue.read(d, worker));
  } catch (err) {
    return `cannot read: ${(err as Error).message}`;
  }
}

/** One delivery with its retries; undefined when Ctrl-C came before its first attempt. */
async function deliver(plan: RunPlan, prepared: Ready): Promise<SentOutcome | undefined> {
  const { signal, expect } = plan;
  let attempts = 0;
  let last: Attempt;
  let started = 0;
  for (;;) {
    await plan.gate();
    if (signal.aborted && attempts === 0) return undefined;
    if (attempts === 0) started = performance.now();
    attempts++;
    last = await plan.sender.post(prepared.body, prepared.headers, expect.test);
    if (last.aborted || signal.aborted) break;
    // A body cut off at --timeout, or by the connection, is no answer whatever the status said.
    const worthRetry = last.status === null || last.timedOut || last.unfinished || (isRetryableStatus(last.status) && !expect.test(last.status));
    if (!worthRetry || attempts > plan.retries) break;
    await sleep(retryDelay(attempts, last.retryAfter, Date.now()), signal);
    if (signal.aborted) break;
  }
  const ok = last.status !== null && !last.timedOut && !last.unfinished && expect.test(last.status);
  const ms = Math.round(last.ms * 10) / 10;
  return {
    status: last.status,
    attempts,
    ms,
    totalMs: attempts > 1 ? Math.round((performance.now() - started) * 10) / 10 : ms,
    ok,
    bytes: prepared.body.length,
    eventId: prepared.eventId,
    error: last.error || undefined,
    answer: !ok && last.bodyStart ? last.bodyStart : undefined,
    changed: prepared.changed,
  };
}
