/**
 * The delivery loop: `concurrency` workers take deliveries in plan order (so one worker keeps the
 * order exactly), retry what is worth retrying, and stop taking work on Ctrl-C.
 */
import type { Expect } from '../../core/replay/replayOptions.js';
import type { DeliveryResult } from '../../core/replay/replayPlan.js';
import { isRetryableStatus, retryDelay } from '../../core/replay/retry.js';
import type { ReplayItem } from '../../io/inputs/replayInputs.js';
import { sleep } from '../../io/http/rateGate.js';
import type { Attempt, Sender } from '../../io/http/sender.js';

export type Prepared =
  | { body: Uint8Array; headers: Record<string, string | string[]>; changed: string[]; eventId: number | string | null }
  | { problem: string };

export interface RunPlan {
  items: ReplayItem[];
  times: number;
  concurrency: number;
  retries: number;
  expect: Expect;
  sender: Sender;
  /** `worker` (0 to concurrency - 1) owns the bytes it gets until its delivery is answered. */
  prepare: (item: ReplayItem, copy: number, worker: number) => Prepared;
  gate: () => Promise<void>;
  signal: AbortSignal;
  onDone: (result: DeliveryResult) => void;
}

/** Results in plan order; deliveries not started before Ctrl-C are absent. */
export async function runDeliveries(plan: RunPlan): Promise<DeliveryResult[]> {
  const { items, times, signal } = plan;
  const planned = items.length * times;
  const results: (DeliveryResult | undefined)[] = new Array(planned);
  let next = 0;

  const worker = async (w: number) => {
    while (!signal.aborted) {
      const k = next++;
      if (k >= planned) return;
      const at = Math.floor(k / times);
      const item = items[at] as ReplayItem;
      const copy = (k % times) + 1;
      // Its last copy is under way: the item is not needed again (100,000 of them add up).
      if (copy === times) (items as (ReplayItem | undefined)[])[at] = undefined;
      const base: DeliveryResult = {
        index: k, file: item.name, copy, trigger: item.trigger, eventId: item.eventId,
        status: null, attempts: 0, ms: null, ok: false,
      };
      let prepared: Prepared;
      try {
        prepared = plan.prepare(item, copy, w);
      } catch (err) {
        prepared = { problem: `cannot read: ${(err as Error).message}` };
      }
      if ('problem' in prepared) {
        base.error = prepared.problem;
        results[k] = base;
        plan.onDone(results[k]);
        continue;
      }
      const result = await deliver(plan, prepared, base);
      if (!result) return;
      results[k] = result;
      plan.onDone(result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(plan.concurrency, Math.max(1, planned)) }, (_, w) => worker(w)));
  return results.filter((r): r is DeliveryResult => r !== undefined);
}

/** One delivery with its retries; undefined when Ctrl-C came before its first attempt. */
async function deliver(
  plan: RunPlan,
  prepared: Exclude<Prepared, { problem: string }>,
  base: DeliveryResult,
): Promise<DeliveryResult | undefined> {
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
  // Filled in place: one object per delivery, kept until the report (100,000 of them at times).
  const result = base;
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
