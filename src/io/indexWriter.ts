import type { FileHandle } from 'node:fs/promises';

interface Pending {
  text: string;
  done: (err: Error | null) => void;
}

/**
 * Appends index lines through one append-mode handle. Lines that become ready while a write is
 * under way (or in the same tick) go out together in one write, and each caller is told only once
 * its own line has been written: group commit, so batching never acknowledges early.
 */
export class IndexWriter {
  private queue: Pending[] = [];
  private writing = false;
  private scheduled = false;
  private idle: (() => void)[] = [];

  constructor(private readonly handle: FileHandle) {}

  append(line: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ text: `${line}\n`, done: (err) => (err ? reject(err) : resolve()) });
      if (!this.writing && !this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          void this.flush();
        });
      }
    });
  }

  private async flush(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      const bytes = Buffer.from(batch.length === 1 ? batch[0].text : batch.map((p) => p.text).join(''));
      let err: Error | null = null;
      try {
        let off = 0;
        while (off < bytes.length) {
          const { bytesWritten } = await this.handle.write(bytes, off, bytes.length - off);
          off += bytesWritten;
        }
      } catch (e) {
        err = e as Error;
      }
      for (const p of batch) p.done(err);
    }
    this.writing = false;
    for (const w of this.idle.splice(0)) w();
  }

  /** Resolves once every queued line is written. */
  drained(): Promise<void> {
    if (!this.writing && !this.scheduled && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  close(): Promise<void> {
    return this.drained().then(() => this.handle.close());
  }
}
