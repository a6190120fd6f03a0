import { closeSync, readSync } from 'node:fs';
import { openRegular, tooLarge } from './regularFile.js';

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

  read(path: string, name = path): Buffer {
    const { fd, size } = openRegular(path, name, this.maxBytes);
    try {
      // One byte more than fstat said, so a file that grows after the check is noticed.
      if (this.buf.length <= size) this.buf = Buffer.allocUnsafe(size + 1);
      let n = 0;
      for (;;) {
        if (n === this.buf.length) {
          const bigger = Buffer.allocUnsafe(Math.min(this.buf.length * 2, this.maxBytes + 1));
          this.buf.copy(bigger, 0, 0, n);
          this.buf = bigger;
        }
        const room = this.buf.length - n;
        const got = readSync(fd, this.buf, n, room, null);
        if (got === 0) return this.buf.subarray(0, n);
        n += got;
        // A regular file reads short only at its end: all fstat said, with room to spare, is all
        // there is, without a second read(2) to hear it (one syscall of five per small file).
        if (n === size && got < room) return this.buf.subarray(0, n);
        if (n > this.maxBytes) throw tooLarge(name, this.maxBytes);
      }
    } finally {
      closeSync(fd);
    }
  }
}

/** A regular file's bytes in a Buffer of their own. */
export function readRegularFile(path: string, name: string, maxBytes: number): Buffer {
  return new ScratchReader(maxBytes, 0).read(path, name);
}
