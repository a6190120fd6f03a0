/**
 * The delivery loop: `concurrency` workers take deliveries in plan order (so one worker keeps the
 * order exactly), retry what is worth retrying, and stop taking work on Ctrl-C.
 */
import type { Prepared, StoredPayload } from '../../core/replay/prepareDelivery.js';
import type { Expect } from '../../core/replay/replayOptions.js';
import { pendingResult, type DeliveryResult } from '../../core/replay/replayReport.js';
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
  onDone: (result: DeliveryResult) => void;
}

/** Results in plan order; deliveries not started before Ctrl-C are absent. */
export async function runDeliveries(plan: RunPlan): Promise<DeliveryResult[]> {
  const { queue, signal } = plan;
  const results: (DeliveryResult | undefined)[] = new Array(queue.planned);
  const worker = async (w: number) => {
    for (;;) {
      const d = signal.aborted ? undefined : queue.take();
      if (!d) return;
      const result = await runOne(plan, d, w);
      if (!result) return;
      results[d.index] = result;
      plan.onDone(result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(plan.concurrency, Math.max(1, queue.planned)) }, (_, w) => worker(w)));
  return results.filter((r): r is DeliveryResult => r !== undefined);
}

/** One delivery from the queue to its result; undefined when Ctrl-C came before its first attempt. */
async function runOne(plan: RunPlan, d: Delivery, worker: number): Promise<DeliveryResult | undefined> {
  const result = pendingResult(d.index, d.copy, d.item);
  const prepared = prepareOne(plan, d, worker);
  if (typeof prepared === 'string') result.error = prepared;
  else if ('cannotChange' in prepared) result.cannotChange = prepared.cannotChange;
  else return deliver(plan, prepared, result);
  return result;
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
async function deliver(plan: RunPlan, prepared: Ready, result: DeliveryResult): Promise<DeliveryResult | undefined> {
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
    // A body cut off at --timeout is a timeout whatever the status said.
    const worthRetry = last.status === null || last.timedOut || (isRetryableStatus(last.status) && !expect.test(last.status));
    if (!worthRetry || attempts > plan.retries) break;
    await sleep(retryDelay(attempts, last.retryAfter, Date.now()), signal);
    if (signal.aborted) break;
  }
  const ok = last.status !== null && !last.timedOut && expect.test(last.status);
  result.eventId = prepared.eventId;
  result.status = last.status;
  result.attempts = attempts;
  result.ms = Math.round(last.ms * 10) / 10;
  result.totalMs = attempts > 1 ? Math.round((performance.now() - started) * 10) / 10 : result.ms;
  result.ok = ok;
  result.bytes = prepared.body.length;
  if (last.error) result.error = last.error;
  if (!ok && last.bodyStart) result.answer = last.bodyStart;
  if (prepared.changed.length) result.changed = prepared.changed;
  return result;
}
