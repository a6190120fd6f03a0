import { Worker } from 'node:worker_threads';
import type { IndexEntry } from '../../core/capture/captureFormat.js';
import type { StoreBatchDone, StoreConfig, StoreJob, StoreNoteEvents, StoreReady } from './storeMessages.js';

interface Waiter {
  /** With the `duplicateOf` the writer gave the job's index line (null for none, or no line). */
  resolve: (duplicateOf: number | null) => void;
  reject: (err: Error) => void;
}

/**
 * The main thread's side of the writer thread: jobs submitted in the same event-loop turn go over
 * in one message, and each promise settles only when the writer reports its own job done, so
 * batching never acknowledges a delivery early. The writer does jobs in order, so a report says
 * "done up to here, except these".
 */
export class StoreWriter {
  private queue: StoreJob[] = [];
  private transfer: ArrayBuffer[] = [];
  private scheduled = false;
  private nextId = 1;
  /** Waiters in job order; the first one has id `firstWaiting`. */
  private waiting: Waiter[] = [];
  private firstWaiting = 1;
  private broken: Error | null = null;
  private closed: (() => void) | null = null;
  private idle: (() => void)[] = [];

  private constructor(private readonly worker: Worker) {
    worker.on('message', (msg: StoreBatchDone | 'closed') => {
      if (msg === 'closed') return this.closed?.();
      const failed = new Map(msg.failed.map((f) => [f.id, f]));
      const duplicates = new Map(msg.duplicates);
      const done = this.waiting.splice(0, msg.upto - this.firstWaiting + 1);
      for (let i = 0; i < done.length; i++) {
        const id = this.firstWaiting + i;
        const f = failed.get(id);
        if (f) done[i].reject(Object.assign(new Error(f.error), { code: f.code }));
        else done[i].resolve(duplicates.get(id) ?? null);
      }
      this.firstWaiting = msg.upto + 1;
      if (this.waiting.length === 0) for (const f of this.idle.splice(0)) f();
    });
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', () => {
      this.fail(new Error('the capture writer thread stopped'));
      this.closed?.();
    });
  }

  /**
   * Starts the writer thread, which first reads the index (the caller lists the directory
   * meanwhile) and answers with what it holds. `signal` stops it early (Ctrl-C during a long start).
   */
  static start(config: StoreConfig, signal?: AbortSignal): Promise<{ writer: StoreWriter; earlier: StoreReady['ready'] }> {
    const worker = new Worker(new URL('./storeWorker.js', import.meta.url), { workerData: config });
    return new Promise((resolve, reject) => {
      const stop = () => {
        void worker.terminate();
        reject(signal!.reason);
      };
      if (signal?.aborted) return stop();
      signal?.addEventListener('abort', stop, { once: true });
      worker.once('error', reject);
      worker.once('message', (msg: StoreReady) => {
        worker.off('error', reject);
        signal?.removeEventListener('abort', stop);
        resolve({ writer: new StoreWriter(worker), earlier: msg.ready });
      });
    });
  }

  private fail(err: Error): void {
    this.broken ??= err;
    for (const w of this.waiting.splice(0)) w.reject(err);
    for (const f of this.idle.splice(0)) f();
  }

  /** Event ids the index does not hold (payloads renamed before a crash), for `duplicateOf`. */
  noteEvents(note: StoreNoteEvents['note']): void {
    if (note.length > 0) this.worker.postMessage({ note } satisfies StoreNoteEvents);
  }

  /**
   * `file` is a name in the capture directory; `entry` is appended to the index after it is in
   * place. Resolves with the `duplicateOf` the writer gave its line.
   */
  submit(job: { file: string; body?: Uint8Array; entry?: IndexEntry }): Promise<number | null> {
    if (this.broken) return Promise.reject(this.broken);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      const id = this.nextId++;
      // An exact copy, transferred: a Buffer's own ArrayBuffer may be a 64 KiB socket pool.
      const body = job.body && (job.body.buffer.slice(job.body.byteOffset, job.body.byteOffset + job.body.byteLength) as ArrayBuffer);
      if (body) this.transfer.push(body);
      const { entry } = job;
      const line = entry && { text: JSON.stringify({ ...entry, duplicateOf: null }), seq: entry.seq, eventId: entry.eventId };
      this.queue.push({ id, file: job.file, body, line });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        const batch = this.queue;
        const transfer = this.transfer;
        this.queue = [];
        this.transfer = [];
        this.worker.postMessage(batch, transfer);
      });
    });
  }

  /** Waits for every submitted job, closes the index and stops the thread. */
  async close(): Promise<void> {
    if (this.waiting.length > 0 && !this.broken) await new Promise<void>((r) => this.idle.push(r));
    if (!this.broken) {
      await new Promise<void>((resolve) => {
        this.closed = resolve;
        this.worker.postMessage('close');
      });
    }
    await this.worker.terminate();
  }
}
