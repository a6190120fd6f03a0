import type { CheckOptions, CheckResult } from './checkCore.js';
import { fastCheckBody } from './fastCheck.js';

let slowCheck: ((bytes: Uint8Array, opts: CheckOptions) => CheckResult) | undefined;

/**
 * The check `validate` applies, for bulk readers: the zod-free pre-check first, and zod (tens of
 * milliseconds to load) only for the first payload the pre-check cannot pass. A result the
 * pre-check (or zod, once loaded) gives at once is returned as it is, not as a promise: the kit
 * answers each delivery sooner without a trip through the microtask queue.
 */
export function checkBodyLazily(bytes: Uint8Array, opts: CheckOptions = {}): CheckResult | Promise<CheckResult> {
  const fast = fastCheckBody(bytes, opts);
  if (fast) return fast;
  if (slowCheck) return slowCheck(bytes, opts);
  return import('./check.js').then(({ checkBody }) => (slowCheck = checkBody)(bytes, opts));
}
