/**
 * How the capture store opens its own files (index, lock): never through a symlink, never a FIFO,
 * device, directory or socket, never a file with a second name elsewhere. A link planted as
 * `captures/index.ndjson` would otherwise have `listen` trim and append to whatever it points at
 * (issue 8). The capture directory itself may be a symlink: the user named it.
 */
import { close, constants, fstat, open, promises as fs, type BigIntStats, type Stats } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { RuntimeFailure } from '../../core/errors.js';

/** Not defined on Windows, where a symlink needs privileges to create anyway. */
export const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
/** So that opening a FIFO that replaced the file between lstat and open cannot block. */
const O_NONBLOCK = constants.O_NONBLOCK ?? 0;

export interface Identity {
  dev: bigint;
  ino: bigint;
}

function kindOf(st: Stats | BigIntStats): string | null {
  if (st.isFile()) return null;
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  return 'a device';
}

function refuse(shownDir: string, name: string, what: string): RuntimeFailure {
  return new RuntimeFailure(
    `cannot use ${shownDir} as the capture directory: ${path.join(shownDir, name)} is ${what}; listen only uses a regular file there and never follows links out of the directory (remove it, or pick another --dir)`,
  );
}

/**
 * Opens `dir/name` with `flags` (O_CREAT allowed), refusing anything but a regular file of its
 * own. Returns null when it does not exist and `flags` has no O_CREAT.
 */
export async function openStoreFile(
  dir: string,
  name: string,
  shownDir: string,
  flags: number,
): Promise<{ fd: number; stat: BigIntStats; existed: boolean } | null> {
  const file = path.join(dir, name);
  const before = await fs.lstat(file).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (before === null && !(flags & constants.O_CREAT)) return null;
  const what = before && kindOf(before);
  if (what) throw refuse(shownDir, name, what);
  // A numeric fd, not a FileHandle: the writer thread takes the index's, and a FileHandle would be
  // closed by the GC behind its back.
  let fd: number;
  try {
    fd = await openAsync(file, flags | O_NOFOLLOW | O_NONBLOCK, 0o644);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw refuse(shownDir, name, 'a symbolic link');
    if (code === 'ENOENT' && !(flags & constants.O_CREAT)) return null;
    throw err;
  }
  const stat = await fstatBig(fd);
  const problem = kindOf(stat) ?? (stat.nlink > 1n ? `a file with ${stat.nlink} hard links (writing to it would change another file too)` : null);
  if (problem) {
    await closeAsync(fd);
    throw refuse(shownDir, name, problem);
  }
  return { fd, stat, existed: before !== null };
}

const openAsync = promisify(open);
export const closeAsync = promisify(close);
const fstatBig = (fd: number) =>
  new Promise<BigIntStats>((resolve, reject) => fstat(fd, { bigint: true }, (err, st) => (err ? reject(err) : resolve(st))));

export function sameIdentity(st: { dev: bigint; ino: bigint }, want: Identity): boolean {
  return st.dev === want.dev && st.ino === want.ino;
}

export async function identityOf(file: string): Promise<Identity> {
  const st = await fs.lstat(file, { bigint: true });
  return { dev: st.dev, ino: st.ino };
}
