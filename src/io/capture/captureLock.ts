import { constants, promises as fs, read } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { RuntimeFailure } from '../../core/errors.js';
import { closeAsync, O_NOFOLLOW, openStoreFile, type Identity } from './storeFiles.js';

export const LOCK_FILE = '.lock';

export interface Lock {
  /** The lock file as created: the writer checks it is still this one before each batch. */
  identity: Identity;
  release: () => Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else, so it still holds the directory.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const readAsync = promisify(read);

/** The pid in the lock, or null when there is no lock or it holds no number. Refuses a lock that is not a regular file. */
async function holderOf(dir: string, shownDir: string): Promise<{ pid: number | null; identity: Identity } | null> {
  const opened = await openStoreFile(dir, LOCK_FILE, shownDir, constants.O_RDONLY);
  if (!opened) return null;
  try {
    const buf = Buffer.alloc(32);
    const { bytesRead } = await readAsync(opened.fd, buf, 0, buf.length, 0);
    const pid = Number.parseInt(buf.toString('latin1', 0, bytesRead), 10);
    return { pid: Number.isSafeInteger(pid) && pid > 0 ? pid : null, identity: { dev: opened.stat.dev, ino: opened.stat.ino } };
  } finally {
    await closeAsync(opened.fd);
  }
}

/** Creates the lock with our pid; null when something is already there. */
async function create(dir: string, pid: number): Promise<Identity | null> {
  let handle;
  try {
    // O_EXCL never follows a symlink: a planted one makes this EEXIST, and holderOf refuses it.
    handle = await fs.open(path.join(dir, LOCK_FILE), constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW, 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return null;
    throw err;
  }
  try {
    await handle.write(`${pid}\n`);
    const st = await handle.stat({ bigint: true });
    return { dev: st.dev, ino: st.ino };
  } finally {
    await handle.close();
  }
}

/**
 * Two `listen`s on one directory would hand out the same sequence numbers, so the second is
 * refused. A lock left by a process that died (kill -9, power loss) is taken over.
 */
export async function acquireLock(dir: string, shownDir: string, pid: number): Promise<Lock> {
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    const identity = await create(dir, pid);
    if (identity) return { identity, release: () => release(dir, shownDir, pid, identity) };
    const holder = await holderOf(dir, shownDir);
    if (holder?.pid && holder.pid !== pid && alive(holder.pid)) {
      throw new RuntimeFailure(
        `another listen (pid ${holder.pid}) is already capturing into ${shownDir}; stop it first or pick another --dir (if pid ${holder.pid} is not a listen, remove ${path.join(shownDir, LOCK_FILE)})`,
      );
    }
    // Stale (dead pid) or unreadable: take it over. O_EXCL on the next attempt settles a race with
    // another starter doing the same.
    await fs.unlink(file).catch(() => undefined);
  }
  throw new RuntimeFailure(`could not take the lock ${path.join(shownDir, LOCK_FILE)}; is another listen starting?`);
}

/** Removes the lock only if it is still the one we made (the directory may have been emptied and reused meanwhile). */
async function release(dir: string, shownDir: string, pid: number, ours: Identity): Promise<void> {
  const now = await holderOf(dir, shownDir).catch(() => null);
  if (now && now.pid === pid && now.identity.ino === ours.ino && now.identity.dev === ours.dev) {
    await fs.unlink(path.join(dir, LOCK_FILE)).catch(() => undefined);
  }
}
