/**
 * Group commit for the capture store's writer thread: everything waiting is committed as one group,
 * as databases do. Payload files are written under temp names and synced side by side on the thread
 * pool, renamed, then the directory is synced once and the group's index lines are appended in one
 * write and synced once; only then does the group count as stored. Deliveries that arrive meanwhile
 * form the next group, so the syncs per delivery fall as the load rises. A group that fails leaves
 * nothing behind: its payloads are removed and a part-way index write is cut back off.
 *
 * `duplicateOf` is decided here too, as each line is written, against the deliveries stored before
 * and the lines of the same group: so it never names a delivery that failed (a 500 is not a
 * capture), and deliveries of one event in flight together need not wait for each other.
 */
import { closeSync, constants, lstatSync, openSync } from 'node:fs';
import path from 'node:path';
import type { FirstSeqByEvent } from '../../core/capture/firstSeqByEvent.js';
import { CommitGroup } from './commitGroup.js';
import { sameIdentity, type Identity } from './storeFiles.js';
import type { StoreBatchDone, StoreConfig, StoreJob } from './storeMessages.js';

function same(file: string, want: Identity): boolean {
  const st = lstatSync(file, { bigint: true, throwIfNoEntry: false });
  return st !== undefined && sameIdentity(st, want);
}

/** The writer thread's lasting state; each group commits against it. */
export class GroupCommit {
  dirFd: number | null;
  /** Bytes of whole lines in the index: where a failed append is cut back to. */
  indexSize: number;
  /** Once set, every job fails with it: the store can no longer keep its promise. */
  broken: string | null = null;

  constructor(
    readonly cfg: StoreConfig,
    indexSize: number,
    /** The first stored delivery of each event id. */
    readonly seen: FirstSeqByEvent,
  ) {
    this.indexSize = indexSize;
    this.dirFd = cfg.fsync ? openDirectory(cfg.dir) : null;
  }

  /** Commits `jobs` (in order) as one group. */
  async commit(jobs: StoreJob[]): Promise<StoreBatchDone> {
    const group = new CommitGroup(this, jobs);
    try {
      await group.commit();
    } catch (err) {
      group.failAll(`the capture writer failed: ${(err as Error).message}`);
    }
    return { upto: jobs[jobs.length - 1].id, failed: group.failed, duplicates: group.duplicates };
  }

  close(): void {
    if (this.dirFd !== null) closeSync(this.dirFd);
  }

  stopDirectorySyncs(): void {
    this.close();
    this.dirFd = null;
  }

  /** Why the directory is no longer the one this listen opened and locked, or null. */
  identityProblem(): string | null {
    const { cfg } = this;
    const restart = 'nothing more is stored (restart listen to capture again)';
    if (!same(cfg.dir, cfg.identity.dir)) return `the capture directory ${cfg.shownDir} was removed or replaced while listening: ${restart}`;
    if (!same(path.join(cfg.dir, cfg.indexFile), cfg.identity.index)) return `${path.join(cfg.shownDir, cfg.indexFile)} was removed or replaced while listening: ${restart}`;
    if (!same(path.join(cfg.dir, cfg.lockFile), cfg.identity.lock)) {
      return `the lock ${path.join(cfg.shownDir, cfg.lockFile)} was removed or replaced while listening: ${restart}; another listen may have started on the directory, and two must never write the same numbers`;
    }
    return null;
  }
}

function openDirectory(dir: string): number | null {
  try {
    return openSync(dir, constants.O_RDONLY | (constants.O_DIRECTORY ?? 0));
  } catch (err) {
    // Windows cannot open a directory; NTFS journals directory entries itself.
    if ((err as NodeJS.ErrnoException).code === 'EISDIR' || (err as NodeJS.ErrnoException).code === 'EPERM') return null;
    throw err;
  }
}
