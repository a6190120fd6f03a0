import type { CheckOptions, CheckResult } from './checkCore.js';
import { fastCheckBody } from './fastCheck.js';

let slowCheck: ((bytes: Uint8Array, opts: CheckOptions) => CheckResult) | undefined;

/**
 * The check `validate` applies, for bulk readers: the zod-free pre-check first, and zod (tens of
 * milliseconds to load) only for the first payload the pre-check cannot pass.
 */
export async function checkBodyLazily(bytes: Uint8Array, opts: CheckOptions = {}): Promise<CheckResult> {
  const fast = fastCheckBody(bytes, opts);
  if (fast) return fast;
  slowCheck ??= (await import('./check.js')).checkBody;
  return slowCheck(bytes, opts);
}
