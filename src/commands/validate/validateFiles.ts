import type { CheckOptions, CheckResult } from '../../core/payload/checkCore.js';
import { fastCheckBody } from '../../core/payload/fastCheck.js';
import { checkBodyLazily } from '../../core/payload/lazyCheck.js';
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
  return r && toResult(input.name, r, check);
}

export async function checkBytes(name: string, bytes: Uint8Array, check: FileCheck): Promise<ValidateResult> {
  return toResult(name, await checkBodyLazily(bytes, check.options), check);
}

function toResult(name: string, r: CheckResult, check: FileCheck): ValidateResult {
  const errors = r.errors;
  if (check.userCheck && r.json) errors.push(...check.userCheck(r.value));
  return { file: name, valid: errors.length === 0, trigger: r.trigger, errors, warnings: r.warnings };
}

function badEncoding(input: Input, message: string): ValidateResult {
  return { file: input.name, valid: false, trigger: null, errors: [{ level: 'error', path: '', code: 'bad-encoding', message }], warnings: [] };
}
