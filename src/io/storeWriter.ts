import { Worker } from 'node:worker_threads';
import type { StoreJob, StoreResult } from './storeWorker.js';

interface Waiter {
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * The main thread's side of the writer thread: jobs submitted in the same event-loop turn go over
 * in one message, and each promise settles only when the writer reports its own job done, so
 * batching never acknowledges a delivery early.
 */
export class StoreWriter {
  private queue: StoreJob[] = [];
  private scheduled = false;
  private nextId = 1;
  private readonly waiting = new Map<number, Waiter>();
  private broken: Error | null = null;
  private closed: (() => void) | null = null;
  private idle: (() => void)[] = [];

  private constructor(private readonly worker: Worker) {
    worker.on('message', (msg: StoreResult[] | 'closed') => {
      if (msg === 'closed') return this.closed?.();
      for (const r of msg) {
        const w = this.waiting.get(r.id);
        if (!w) continue;
        this.waiting.delete(r.id);
        if (r.error === undefined) w.resolve();
        else w.reject(Object.assign(new Error(r.error), { code: r.code }));
      }
      if (this.waiting.size === 0) for (const f of this.idle.splice(0)) f();
    });
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', () => {
      this.fail(new Error('the capture writer thread stopped'));
      this.closed?.();
    });
  }

  static start(indexPath: string): Promise<StoreWriter> {
    const worker = new Worker(new URL('./storeWorker.js', import.meta.url), { workerData: { indexPath } });
    return new Promise((resolve, reject) => {
      worker.once('error', reject);
      worker.once('message', () => {
        worker.off('error', reject);
        resolve(new StoreWriter(worker));
      });
    });
  }

  private fail(err: Error): void {
    this.broken ??= err;
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
    for (const f of this.idle.splice(0)) f();
  }

  submit(job: { tmp?: string; final?: string; body?: Uint8Array; line?: string }): Promise<void> {
    if (this.broken) return Promise.reject(this.broken);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      const body = job.body && job.body.buffer.slice(job.body.byteOffset, job.body.byteOffset + job.body.byteLength);
      this.queue.push({ id, tmp: job.tmp, final: job.final, line: job.line, body: body as ArrayBuffer | undefined });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        const batch = this.queue;
        this.queue = [];
        this.worker.postMessage(batch, batch.flatMap((j) => (j.body ? [j.body] : [])));
      });
    });
  }

  /** Waits for every submitted job, closes the index and stops the thread. */
  async close(): Promise<void> {
    if (this.waiting.size > 0 && !this.broken) await new Promise<void>((r) => this.idle.push(r));
    if (!this.broken) {
      await new Promise<void>((resolve) => {
        this.closed = resolve;
        this.worker.postMessage('close');
      });
    }
    await this.worker.terminate();
  }
}
