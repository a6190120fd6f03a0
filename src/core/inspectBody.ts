import type { Verdict } from './captureFormat.js';
import { parseJsonBytes } from './json.js';

export interface Inspected {
  value: unknown;
  verdict: Verdict;
}

/** What `listen` records about a body: whether it is JSON and, when validating, its verdict. */
export function inspectBody(bytes: Uint8Array, opts: { validate: boolean }): Inspected {
  void opts;
  const parsed = parseJsonBytes(bytes);
  if (!parsed.ok) return { value: undefined, verdict: { json: false, valid: null, errors: 0, warnings: 0, first: [parsed.message] } };
  return { value: parsed.value, verdict: { json: true, valid: null, errors: 0, warnings: 0, first: [] } };
}

/** A body that could not even be decoded (bad gzip) is reported like one that is not JSON. */
export function undecodable(message: string): Inspected {
  return { value: undefined, verdict: { json: false, valid: null, errors: 0, warnings: 0, first: [message] } };
}
