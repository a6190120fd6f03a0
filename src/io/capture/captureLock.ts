import { promises as fs } from 'node:fs';
import path from 'node:path';
import { RuntimeFailure } from '../../core/errors.js';

export const LOCK_FILE = '.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else, so it still holds the directory.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Two `listen`s on one directory would hand out the same sequence numbers, so the second is
 * refused. A lock left by a process that died (kill -9, power loss) is taken over.
 */
export async function acquireLock(dir: string, shownDir: string, pid: number): Promise<() => Promise<void>> {
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await fs.writeFile(file, `${pid}\n`, { flag: 'wx' });
      return async () => {
        // Only remove the lock if it is still ours (the directory may have been emptied meanwhile).
        const text = await fs.readFile(file, 'utf8').catch(() => '');
        if (Number.parseInt(text, 10) === pid) await fs.unlink(file).catch(() => undefined);
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = Number.parseInt(await fs.readFile(file, 'utf8').catch(() => ''), 10);
    if (Number.isSafeInteger(holder) && holder > 0 && holder !== pid && alive(holder)) {
      throw new RuntimeFailure(
        `another listen (pid ${holder}) is already capturing into ${shownDir}; stop it first or pick another --dir (if pid ${holder} is not a listen, remove ${path.join(shownDir, LOCK_FILE)})`,
      );
    }
    // Stale (dead pid) or unreadable: take it over. `wx` on the next attempt settles a race with
    // another starter doing the same.
    await fs.unlink(file).catch(() => undefined);
  }
  throw new RuntimeFailure(`could not take the lock ${path.join(shownDir, LOCK_FILE)}; is another listen starting?`);
}
