import { Buffer } from 'node:buffer';
import type { CheckOptions } from '../../core/payload/checkCore.js';
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
  if (!decoded.ok) return { file: input.name, valid: false, trigger: null, errors: [{ level: 'error', path: '', code: 'bad-encoding', message: decoded.message }], warnings: [] };
  return checkBytes(input.name, decoded.bytes, check);
}

export async function checkBytes(name: string, bytes: Uint8Array, check: FileCheck): Promise<ValidateResult> {
  const r = await checkBodyLazily(bytes, check.options);
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
  return { file: name, valid: errors.length === 0, trigger: r.trigger, errors, warnings };
}
