/**
 * The capture store's writer thread. It takes batches of jobs (write a payload under a temp name
 * and rename it; append an index line) and does them with plain syscalls, in order, then answers
 * once per batch. Synchronous calls are fine here: this thread does nothing else, and the main
 * thread never waits on them; one hand-off per batch instead of four libuv requests per delivery
 * is what lets `listen` keep up with a bare server.
 */
import { closeSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';

export interface StoreJob {
  id: number;
  /** Payload file name in the capture directory, when there is a payload to write. */
  file?: string;
  body?: ArrayBuffer;
  /** Index line (without the newline), appended only after the payload is in place. */
  line?: string;
}

/** Every job up to `upto` is done, except those in `failed`. */
export interface StoreBatchDone {
  upto: number;
  failed: { id: number; error: string; code?: string }[];
}

const { dir, indexFile, tmpPrefix } = workerData as { dir: string; indexFile: string; tmpPrefix: string };
const indexFd = openSync(path.join(dir, indexFile), 'a');

function writeAll(fd: number, bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
}

function writePayload(file: string, body: Uint8Array): void {
  const tmp = path.join(dir, `${tmpPrefix}${file}`);
  try {
    const fd = openSync(tmp, 'wx', 0o644);
    try {
      writeAll(fd, body);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path.join(dir, file));
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // Nothing was created, or it is gone already.
    }
    throw err;
  }
}

function run(jobs: StoreJob[]): StoreBatchDone {
  const failed: StoreBatchDone['failed'] = [];
  const lines: string[] = [];
  const indexed: number[] = [];
  for (const job of jobs) {
    if (job.file !== undefined && job.body !== undefined) {
      try {
        writePayload(job.file, new Uint8Array(job.body));
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        failed.push({ id: job.id, error: e.message, code: e.code });
        continue;
      }
    }
    if (job.line !== undefined) {
      lines.push(`${job.line}\n`);
      indexed.push(job.id);
    }
  }
  if (lines.length > 0) {
    try {
      writeAll(indexFd, Buffer.from(lines.join('')));
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      for (const id of indexed) failed.push({ id, error: `index: ${e.message}`, code: e.code });
    }
  }
  return { upto: jobs[jobs.length - 1].id, failed };
}

parentPort!.postMessage('ready');
parentPort!.on('message', (msg: StoreJob[] | 'close') => {
  if (msg === 'close') {
    closeSync(indexFd);
    parentPort!.postMessage('closed');
    return;
  }
  parentPort!.postMessage(run(msg));
});
