import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { checkBody, type CheckOptions } from '../core/check.js';
import type { ValidateResult } from '../core/validateReport.js';
import type { UserCheck } from '../io/userSchema.js';

export interface FileJob {
  name: string;
  path: string;
}

export interface CheckSetup {
  check: CheckOptions;
  /** Absolute path of the user's --schema, loaded by every thread that checks. */
  schemaPath?: string;
  schemaShown?: string;
}

/** Below this many files a second thread costs more to start than it saves. */
const PARALLEL_FROM = 400;
const BATCH = 64;

export function checkBytes(name: string, bytes: Buffer, opts: CheckOptions, userCheck?: UserCheck): ValidateResult {
  const r = checkBody(bytes, opts);
  const errors = r.errors;
  if (userCheck && r.json) errors.push(...userCheck(r.value));
  return { file: name, valid: errors.length === 0, trigger: r.trigger, errors, warnings: r.warnings };
}

export function checkFile(job: FileJob, opts: CheckOptions, userCheck?: UserCheck): ValidateResult {
  let bytes: Buffer;
  try {
    // Synchronous on purpose: for thousands of small files it beats the promise API, and each
    // thread has nothing else to do meanwhile.
    bytes = readFileSync(job.path);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'the file is gone' : e.code === 'EACCES' ? 'permission denied' : e.code === 'EISDIR' ? 'is a directory' : e.message;
    return { file: job.name, valid: false, trigger: null, errors: [{ level: 'error', path: '', code: 'unreadable', message: `cannot read: ${why}` }], warnings: [] };
  }
  return checkBytes(job.name, bytes, opts, userCheck);
}

/** Takes batches of job indexes from a counter shared between threads until none are left. */
export function drain(jobs: readonly FileJob[], counter: Int32Array, setup: CheckSetup, userCheck: UserCheck | undefined, out: (i: number, r: ValidateResult) => void): void {
  for (;;) {
    const start = Atomics.add(counter, 0, BATCH);
    if (start >= jobs.length) return;
    const end = Math.min(jobs.length, start + BATCH);
    for (let i = start; i < end; i++) out(i, checkFile(jobs[i], setup.check, userCheck));
  }
}

/**
 * Checks files on this thread and, for large runs on a machine with more than one core, on worker
 * threads too. Batches are taken from a shared counter, so a worker that starts late (it has to
 * load zod first) simply takes fewer.
 */
export async function checkFiles(jobs: readonly FileJob[], setup: CheckSetup, userCheck?: UserCheck): Promise<ValidateResult[]> {
  const results: ValidateResult[] = new Array(jobs.length);
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const workers = jobs.length >= PARALLEL_FROM ? Math.min(availableParallelism() - 1, 3) : 0;
  const running: Promise<void>[] = [];
  for (let w = 0; w < workers; w++) {
    const worker = new Worker(new URL('./validateWorker.js', import.meta.url), { workerData: { jobs, counter, setup } });
    running.push(
      new Promise((resolve, reject) => {
        worker.on('message', (batch: [number, ValidateResult][]) => {
          for (const [i, r] of batch) results[i] = r;
        });
        worker.on('error', reject);
        worker.on('exit', () => resolve());
      }),
    );
  }
  drain(jobs, counter, setup, userCheck, (i, r) => (results[i] = r));
  await Promise.all(running);
  return results;
}
