import type { Verdict } from './captureFormat.js';
import { checkBody } from '../payload/check.js';
import { findingLine } from '../payload/findings.js';
import { parseJsonBytes } from '../payload/json.js';

export interface Inspected {
  value: unknown;
  verdict: Verdict;
}

const FIRST = 3;

/**
 * What `listen` records about a body: whether it is JSON and, when validating, the verdict with
 * its first findings (errors before warnings). One parse either way.
 */
export function inspectBody(bytes: Uint8Array, opts: { validate: boolean }): Inspected {
  if (!opts.validate) {
    const parsed = parseJsonBytes(bytes);
    if (!parsed.ok) return { value: undefined, verdict: { json: false, valid: null, errors: 0, warnings: 0, first: [parsed.message] } };
    return { value: parsed.value, verdict: { json: true, valid: null, errors: 0, warnings: 0, first: [] } };
  }
  const r = checkBody(bytes);
  return {
    value: r.value,
    verdict: {
      json: r.json,
      valid: r.valid,
      errors: r.errors.length,
      warnings: r.warnings.length,
      first: [...r.errors, ...r.warnings].slice(0, FIRST).map(findingLine),
    },
  };
}

/** A body that could not even be decoded (bad gzip) is reported like one that is not JSON. */
export function undecodable(message: string, validate: boolean): Inspected {
  return { value: undefined, verdict: { json: false, valid: validate ? false : null, errors: validate ? 1 : 0, warnings: 0, first: [message] } };
}
