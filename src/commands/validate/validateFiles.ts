import type { CheckOptions, CheckResult } from '../../core/payload/checkCore.js';
import { fastCheckBody } from '../../core/payload/fastCheck.js';
import { decodeStored } from '../../core/capture/storedBody.js';
import type { ValidateResult } from '../../core/validate/validateReport.js';
import { ScratchReader } from '../../io/inputs/scratchReader.js';
import type { UserCheck } from '../../io/inputs/userSchema.js';

export interface FileJob {
  name: string;
  path: string;
  /** Content-Encoding of a capture entry (gzip bodies are stored as received). */
  encoding?: string;
}

let slowCheck: ((bytes: Uint8Array, opts: CheckOptions) => CheckResult) | undefined;

/** zod is loaded only for the first payload that the fast pre-check cannot pass. */
async function checkBody(bytes: Uint8Array, opts: CheckOptions): Promise<CheckResult> {
  const fast = fastCheckBody(bytes, opts);
  if (fast) return fast;
  slowCheck ??= (await import('../../core/payload/check.js')).checkBody;
  return slowCheck(bytes, opts);
}

export async function checkBytes(name: string, bytes: Buffer, opts: CheckOptions, userCheck?: UserCheck): Promise<ValidateResult> {
  const r = await checkBody(bytes, opts);
  const errors = r.errors;
  if (userCheck && r.json) errors.push(...userCheck(r.value));
  return { file: name, valid: errors.length === 0, trigger: r.trigger, errors, warnings: r.warnings };
}

const scratch = new ScratchReader();

export async function checkFile(job: FileJob, opts: CheckOptions, userCheck?: UserCheck): Promise<ValidateResult> {
  let bytes: Buffer;
  try {
    // Synchronous on purpose: for thousands of small files it beats the promise API (measured), and
    // there is nothing else to do meanwhile. A worker thread was tried too: slower on two cores.
    bytes = scratch.read(job.path);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'the file is gone' : e.code === 'EACCES' ? 'permission denied' : e.code === 'EISDIR' ? 'is a directory' : e.message;
    return { file: job.name, valid: false, trigger: null, errors: [{ level: 'error', path: '', code: 'unreadable', message: `cannot read: ${why}` }], warnings: [] };
  }
  const decoded = decodeStored(bytes, job.encoding);
  if (!decoded.ok) return { file: job.name, valid: false, trigger: null, errors: [{ level: 'error', path: '', code: 'bad-encoding', message: decoded.message }], warnings: [] };
  return checkBytes(job.name, decoded.bytes, opts, userCheck);
}

