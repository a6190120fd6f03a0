import { Buffer } from 'node:buffer';
import type { CheckOptions, CheckResult } from '../../core/payload/checkCore.js';
import type { Finding } from '../../core/payload/findings.js';
import { fastCheckBody } from '../../core/payload/fastCheck.js';
import { withoutBom } from '../../core/payload/json.js';
import { checkBodyLazily } from '../../core/payload/lazyCheck.js';
import { locateFindings } from '../../core/payload/locateFindings.js';
import { decodeStored } from '../../core/capture/storedBody.js';
import type { ValidateResult } from '../../core/validate/validateReport.js';
import { encodingOf, type Input } from '../../io/inputs/inputs.js';
import type { UserCheck } from '../../io/inputs/userSchema.js';

/** What validate checks every payload with: our rules (--strict, --as) and the user's --schema. */
export interface FileCheck {
  options: CheckOptions;
  userCheck?: UserCheck;
}

/** One payload's result, from the bytes as stored (a gzip capture is decoded first). */
export async function checkInput(input: Input, stored: Buffer, check: FileCheck): Promise<ValidateResult> {
  const decoded = decodeStored(stored, encodingOf(input));
  if (!decoded.ok) return badEncoding(input, decoded.message);
  return checkBytes(input.name, decoded.bytes, check);
}

/**
 * checkInput without a promise, for the payloads the zod-free pre-check decides (the valid ones, and
 * bodies that are not JSON); null for the rest: ask checkInput. A run over 10,000 files makes no
 * promise per file this way.
 */
export function checkInputNow(input: Input, stored: Buffer, check: FileCheck): ValidateResult | null {
  const decoded = decodeStored(stored, encodingOf(input));
  if (!decoded.ok) return badEncoding(input, decoded.message);
  const r = fastCheckBody(decoded.bytes, check.options);
  return r && toResult(input.name, decoded.bytes, r, check);
}

export async function checkBytes(name: string, bytes: Uint8Array, check: FileCheck): Promise<ValidateResult> {
  return toResult(name, bytes, await checkBodyLazily(bytes, check.options), check);
}

function toResult(name: string, bytes: Uint8Array, r: CheckResult, check: FileCheck): ValidateResult {
  let errors = r.errors;
  let warnings = r.warnings;
  if (check.userCheck && r.json) errors.push(...check.userCheck(r.value));
  if (r.json && (errors.length || warnings.length)) {
    // Positions for annotations on the offending line (issue 9); only files with findings pay for it.
    const text = withoutBom(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
    const located = locateFindings(text, [...errors, ...warnings]);
    errors = located.slice(0, errors.length);
    warnings = located.slice(errors.length);
  }
  return { file: name, valid: errors.length === 0, trigger: r.trigger, errors: errors.length ? errors : NONE, warnings: warnings.length ? warnings : NONE };
}

/**
 * The findings of a clean file: one shared, frozen array. A run keeps every file's result to the
 * end, and two empty arrays each were a fifth of what 10,000 clean files kept (issue 13).
 */
const NONE: Finding[] = Object.freeze([]) as unknown as Finding[];

function badEncoding(input: Input, message: string): ValidateResult {
  return { file: input.name, valid: false, trigger: null, errors: [{ level: 'error', path: '', code: 'bad-encoding', message }], warnings: [] };
}
