import { closeSync, readSync } from 'node:fs';
import { openNonBlocking, regularSize, tooLarge } from './regularFile.js';

/** What the directory walk knows of a file: see ScratchReader.read and openNonBlocking. */
export interface ReadHow {
  seenRegular?: boolean;
  noFollow?: boolean;
}

/**
 * Reads regular files (see regularFile.ts) into one reused buffer: reading 100,000 files one
 * Buffer each leaves 100,000 Buffers (outside V8's heap, freed late) behind, the bulk of a big
 * run's garbage. The bytes returned are valid until the next read.
 */
export class ScratchReader {
  private buf: Buffer;

  constructor(
    private readonly maxBytes: number,
    initial = 64 * 1024,
  ) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  /**
   * `seenRegular`: the directory walk saw a regular file under this name (readdir's d_type). Then a
   * first read that ends short of the buffer is the whole file, and the fstat(2) that would check
   * its kind and size is left out: it cost validate of 10,000 files ~25 ms, a Stats object and four
   * Dates each (issue 13). Anything else (nothing read, a full buffer, an error such as EISDIR or
   * EAGAIN from a file swapped for a directory or a FIFO since the walk) is checked as always.
   */
  read(path: string, name = path, how: ReadHow = {}): Buffer {
    const fd = openNonBlocking(path, name, how.noFollow);
    const seenRegular = how.seenRegular === true;
    try {
      const first = seenRegular ? this.firstRead(fd) : 0;
      if (first > 0 && first < this.buf.length && first <= this.maxBytes) return this.buf.subarray(0, first);
      return this.readRest(fd, name, first, regularSize(fd, name, this.maxBytes));
    } finally {
      closeSync(fd);
    }
  }

  /** Bytes read into the buffer by one read(2); 0 when it failed (the caller checks the file then). */
  private firstRead(fd: number): number {
    try {
      return readSync(fd, this.buf, 0, this.buf.length, null);
    } catch {
      return 0;
    }
  }

  /** The file whose first `n` bytes are in the buffer, read to its end; fstat said `size`. */
  private readRest(fd: number, name: string, n: number, size: number): Buffer {
    // One byte more than fstat said, so a file that grows after the check is noticed.
    if (this.buf.length <= size) this.grow(n, size + 1);
    for (;;) {
      if (n === this.buf.length) this.grow(n, Math.min(this.buf.length * 2, this.maxBytes + 1));
      const room = this.buf.length - n;
      const got = readSync(fd, this.buf, n, room, null);
      if (got === 0) return this.buf.subarray(0, n);
      n += got;
      // A regular file reads short only at its end: all fstat said, with room to spare, is all
      // there is, without a second read(2) to hear it (one syscall of five per small file).
      if (n === size && got < room) return this.buf.subarray(0, n);
      if (n > this.maxBytes) throw tooLarge(name, this.maxBytes);
    }
  }

  /** A buffer of `length` bytes that keeps the first `keep` of the current one. */
  private grow(keep: number, length: number): void {
    const bigger = Buffer.allocUnsafe(length);
    if (keep > 0) this.buf.copy(bigger, 0, 0, keep);
    this.buf = bigger;
  }
}

/** A regular file's bytes in a Buffer of their own. */
export function readRegularFile(path: string, name: string, maxBytes: number, how: ReadHow = {}): Buffer {
  return new ScratchReader(maxBytes, 0).read(path, name, how);
}
