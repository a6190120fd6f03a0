/**
 * Reads a capture directory's files for the inspector and for listen's restart after a crash,
 * which only read them: never through a symlink (O_NOFOLLOW), never a FIFO or device
 * (O_NONBLOCK, then a regular-file check), never past a size cap, and never outside the
 * directory (`isPayloadName`).
 */
import { closeSync, constants, fstatSync, openSync, readSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { isPayloadName } from '../../core/capture/captureFormat.js';

// Neither flag exists on Windows, which has no FIFOs in the file system and symlinks only for admins.
const FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

export class StoredFileError extends Error {
  constructor(
    message: string,
    readonly code: 'missing' | 'refused' | 'too-large' | 'unreadable',
  ) {
    super(message);
  }
}

function refusal(name: string, err: unknown): StoredFileError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new StoredFileError(`${name} is not in the capture directory (removed?)`, 'missing');
  if (code === 'ELOOP' || code === 'EMLINK') return new StoredFileError(`${name} is a symbolic link: not read`, 'refused');
  // open(2) of a Unix socket fails with ENXIO.
  if (code === 'ENXIO') return new StoredFileError(`${name} is not a regular file: not read`, 'refused');
  return new StoredFileError(`cannot read ${name}: ${(err as Error).message}`, 'unreadable');
}

function checkName(name: string): void {
  if (!isPayloadName(name)) throw new StoredFileError(`the index names ${JSON.stringify(name)}, which is not a file of the capture directory: not read`, 'refused');
}

/** Opens a file of the directory for reading; the caller closes it. */
export async function openStored(dir: string, name: string): Promise<{ handle: fs.FileHandle; size: number }> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(path.join(dir, name), FLAGS);
  } catch (err) {
    throw refusal(name, err);
  }
  const st = await handle.stat();
  if (!st.isFile()) {
    await handle.close();
    throw new StoredFileError(`${name} is not a regular file: not read`, 'refused');
  }
  return { handle, size: st.size };
}

/** A payload file's bytes, as stored. */
export async function readStored(dir: string, name: string, maxBytes: number): Promise<Buffer> {
  checkName(name);
  const { handle, size } = await openStored(dir, name);
  try {
    if (size > maxBytes) throw new StoredFileError(`${name} holds ${size} bytes, over the ${maxBytes}-byte limit for reading it here`, 'too-large');
    const buf = Buffer.alloc(size);
    let n = 0;
    while (n < size) {
      const { bytesRead } = await handle.read(buf, n, size - n, n);
      if (bytesRead === 0) break;
      n += bytesRead;
    }
    return buf.subarray(0, n);
  } finally {
    await handle.close();
  }
}

/**
 * Synchronous reads into one reused buffer, for scanning many bodies in a row (search): the bytes
 * are valid until the next read. Files over `maxBytes` are skipped (null).
 */
export class StoredScanner {
  private buf = Buffer.allocUnsafe(64 * 1024);

  constructor(private readonly dir: string) {}

  read(name: string, maxBytes: number): Buffer | null {
    checkName(name);
    let fd: number;
    try {
      fd = openSync(path.join(this.dir, name), FLAGS);
    } catch (err) {
      throw refusal(name, err);
    }
    try {
      const st = fstatSync(fd);
      if (!st.isFile() || st.size > maxBytes) return null;
      if (this.buf.length < st.size) this.buf = Buffer.allocUnsafe(Math.max(st.size, this.buf.length * 2));
      let n = 0;
      while (n < st.size) {
        const got = readSync(fd, this.buf, n, st.size - n, n);
        if (got === 0) break;
        n += got;
      }
      return this.buf.subarray(0, n);
    } finally {
      closeSync(fd);
    }
  }
}
