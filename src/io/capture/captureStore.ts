import { constants, promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { INDEX_FILE, type IndexEntry } from '../../core/capture/captureFormat.js';
import type { StorePlace } from '../../core/capture/storePlace.js';
import { acquireLock, LOCK_FILE } from './captureLock.js';
import { earlierDeliveries, listNames } from './earlierDeliveries.js';
import { closeAsync, identityOf, openStoreFile } from './storeFiles.js';
import { holdDirectory, storePlace } from './storePlace.js';
import { StoreWriter } from './storeWriter.js';

const TMP_PREFIX = '.tmp-';

export interface CaptureStore {
  dir: string;
  /** Deliveries already in the directory when it was opened. */
  earlier: number;
  /** Hands out the next sequence number (synchronously, so concurrent deliveries never share one). */
  nextSeq(): number;
  /** The number the next delivery will get. */
  peekSeq(): number;
  /** Writes the body under a temp dot-name, syncs it, then renames it: a crash never leaves half a payload under a real name. */
  writePayload(file: string, body: Uint8Array): Promise<void>;
  /**
   * Appends the index line of a payload written before; resolves once it is synced, with the
   * line's `duplicateOf`: the first *stored* delivery of the same event (a delivery that got a
   * 500 is not one), or null. If the line cannot be written, the payload is removed.
   */
  appendIndex(entry: IndexEntry): Promise<number | null>;
  /** Both of the above in one go (payload first); resolves once both are synced, with `duplicateOf`. */
  persist(file: string, body: Uint8Array, entry: IndexEntry): Promise<number | null>;
  /** Where the directory and its index are now: moved, removed or replaced while listening, or where they were. */
  place(): Promise<StorePlace>;
  /** Closes the store; `discard` removes what opening it created when nothing was captured. */
  close(opts?: { discard?: boolean }): Promise<void>;
}

export interface OpenOptions {
  shownDir: string;
  /** Sync payload, directory and index before a delivery counts as stored (`--no-fsync` turns it off). */
  fsync: boolean;
  /** Aborts a long opening (a huge index) on Ctrl-C. */
  signal?: AbortSignal;
}

/**
 * mkdir -p without Node 20's recursive mkdir, which spins forever (a busy loop that ignores
 * SIGTERM) when mkdir answers ENOENT under an existing parent, as it does under /proc.
 * Returns the outermost directory it created, or null when `dir` existed.
 */
async function makeDir(dir: string): Promise<string | null> {
  try {
    await fs.mkdir(dir);
    return dir;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      if ((await fs.stat(dir)).isDirectory()) return null;
      throw err;
    }
    if (code !== 'ENOENT' || path.dirname(dir) === dir) throw err;
  }
  const outer = await makeDir(path.dirname(dir));
  await fs.mkdir(dir);
  return outer ?? dir;
}

/**
 * Opens (or creates) a capture directory and continues it: sequence numbers go on from the
 * highest one seen in the index or among the file names, and event ids seen before are
 * remembered for duplicate detection. A capture directory given as a symlink is followed (the
 * user named it); nothing inside it is (storeFiles.ts).
 */
export async function openCaptureStore(dir: string, opts: OpenOptions): Promise<CaptureStore> {
  const created = await makeDir(dir);
  const real = await fs.realpath(dir);
  const lock = await acquireLock(real, opts.shownDir, process.pid);
  let indexFd: number | null = null;
  let held: FileHandle | null = null;
  try {
    const index = (await openStoreFile(real, INDEX_FILE, opts.shownDir, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT))!;
    indexFd = index.fd;
    const config = {
      dir: real,
      shownDir: opts.shownDir,
      indexFile: INDEX_FILE,
      lockFile: LOCK_FILE,
      tmpPrefix: TMP_PREFIX,
      indexFd: index.fd,
      fsync: opts.fsync,
      identity: { dir: await identityOf(real), index: { dev: index.stat.dev, ino: index.stat.ino }, lock: lock.identity },
    };
    held = await holdDirectory(real);
    // The writer thread reads the index while this one lists the directory.
    const starting = StoreWriter.start(config, opts.signal);
    // Handled below, after the listing; until then a rejection (Ctrl-C) must not count as unhandled.
    starting.catch(() => undefined);
    const names = await listNames(real, TMP_PREFIX, opts.signal).catch(async (err: unknown) => {
      await starting.then(({ writer }) => writer.close(), () => undefined);
      throw err;
    });
    const { writer, earlier: fromIndex } = await starting;
    const earlier = await earlierDeliveries(real, fromIndex, names, opts.signal).catch(async (err: unknown) => {
      await writer.close();
      throw err;
    });
    writer.noteEvents(earlier.unindexedEvents);
    indexFd = null;
    const dirHandle = held;
    held = null;
    let seq = earlier.maxSeq;
    return {
      dir,
      earlier: earlier.count,
      nextSeq: () => ++seq,
      peekSeq: () => seq + 1,
      writePayload: (file, body) => writer.submit({ file, body }).then(() => undefined),
      appendIndex: (entry) => writer.submit({ file: entry.file, entry }),
      persist: (file, body, entry) => writer.submit({ file, body, entry }),
      place: () => storePlace(dir, INDEX_FILE, config.identity, dirHandle),
      async close({ discard = false } = {}) {
        await writer.close().catch(() => undefined);
        await closeAsync(index.fd).catch(() => undefined);
        await dirHandle?.close().catch(() => undefined);
        await lock.release();
        // A listen that never started (port in use) leaves no empty capture directory behind.
        if (!discard || seq !== earlier.maxSeq) return;
        if (!index.existed) await fs.unlink(path.join(real, INDEX_FILE)).catch(() => undefined);
        if (created !== null) {
          for (let d = dir; ; d = path.dirname(d)) {
            if (!(await fs.rmdir(d).then(() => true, () => false)) || d === created) break;
          }
        }
      },
    };
  } catch (err) {
    if (indexFd !== null) await closeAsync(indexFd).catch(() => undefined);
    await held?.close().catch(() => undefined);
    await lock.release();
    throw err;
  }
}
