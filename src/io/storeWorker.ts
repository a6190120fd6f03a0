/**
 * The capture store's writer thread. It takes batches of jobs (write a payload under a temp name
 * and rename it; append an index line) and does them with plain syscalls, in order, then answers
 * once per batch. Synchronous calls are fine here: this thread does nothing else, and the main
 * thread never waits on them; one hand-off per batch instead of four libuv requests per delivery
 * is what lets `listen` keep up with a bare server.
 */
import { closeSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

export interface StoreJob {
  id: number;
  /** Temp path and final path of the payload, when there is one to write. */
  tmp?: string;
  final?: string;
  /** An exact copy of the body, transferred (a Buffer's own ArrayBuffer may be a shared 64 KiB pool). */
  body?: ArrayBuffer;
  /** Index line (without the newline), appended only after the payload is in place. */
  line?: string;
}

export interface StoreResult {
  id: number;
  error?: string;
  code?: string;
}

const { indexPath } = workerData as { indexPath: string };
const indexFd = openSync(indexPath, 'a');

function writeAll(fd: number, bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
}

function writePayload(tmp: string, final: string, body: Uint8Array): void {
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    writeAll(fd, body);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, final);
}

function run(jobs: StoreJob[]): StoreResult[] {
  const results: StoreResult[] = [];
  const lines: string[] = [];
  const indexed: StoreResult[] = [];
  for (const job of jobs) {
    const r: StoreResult = { id: job.id };
    results.push(r);
    if (job.tmp && job.final && job.body) {
      try {
        writePayload(job.tmp, job.final, new Uint8Array(job.body));
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        r.error = e.message;
        r.code = e.code;
        try {
          unlinkSync(job.tmp);
        } catch {
          // Nothing was created, or it is gone already.
        }
        continue;
      }
    }
    if (job.line !== undefined) {
      lines.push(`${job.line}\n`);
      indexed.push(r);
    }
  }
  if (lines.length > 0) {
    try {
      writeAll(indexFd, Buffer.from(lines.join('')));
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      for (const r of indexed) {
        r.error = `index: ${e.message}`;
        r.code = e.code;
      }
    }
  }
  return results;
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
