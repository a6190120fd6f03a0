import { promises as fs, type BigIntStats } from 'node:fs';
import path from 'node:path';
import type { StorePlace } from '../../core/capture/storePlace.js';
import { sameIdentity, type Identity } from './storeFiles.js';

const statOrNull = (file: string, follow: boolean): Promise<BigIntStats | null> =>
  (follow ? fs.stat(file, { bigint: true }) : fs.lstat(file, { bigint: true })).catch(() => null);

/**
 * Where the directory opened as `dir` (held open as `handle`) and its index are now. `dir` is
 * followed if it is a symlink, as it was when opened.
 */
export async function storePlace(dir: string, indexFile: string, opened: { dir: Identity; index: Identity }, handle: fs.FileHandle | null): Promise<StorePlace> {
  const atName = await statOrNull(dir, true);
  if (atName !== null && sameIdentity(atName, opened.dir)) {
    const index = await statOrNull(path.join(dir, indexFile), false);
    return { dirChanged: false, now: null, removed: false, replaced: false, indexChanged: index === null || !sameIdentity(index, opened.index) };
  }
  const st = handle ? await handle.stat({ bigint: true }).catch(() => null) : null;
  // A removed directory has no links left, though it stays open here.
  const removed = st !== null && st.nlink === 0n;
  return { dirChanged: true, now: removed || !handle ? null : await whereNow(handle.fd, opened.dir), removed, replaced: atName !== null, indexChanged: false };
}

/**
 * Linux names an open file's present path in /proc; anything else (or a name since reused) gives
 * null, checked against the directory's own device and inode.
 */
async function whereNow(fd: number, identity: Identity): Promise<string | null> {
  const now = await fs.readlink(`/proc/self/fd/${fd}`).catch(() => null);
  if (now === null || !path.isAbsolute(now)) return null;
  const st = await statOrNull(now, false);
  return st !== null && sameIdentity(st, identity) ? now : null;
}

/** Held for the whole session, so that where the directory went can be asked at the end; null where a directory cannot be opened (Windows). */
export async function holdDirectory(dir: string): Promise<fs.FileHandle | null> {
  return fs.open(dir, fs.constants.O_RDONLY | (fs.constants.O_DIRECTORY ?? 0)).catch(() => null);
}
