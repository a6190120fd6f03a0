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
import fs from 'node:fs';
import path from 'node:path';
import type { FirstSeqByEvent } from '../../core/capture/firstSeqByEvent.js';
import type { Identity } from './storeFiles.js';
import type { StoreBatchDone, StoreConfig, StoreJob } from './storeMessages.js';

const { closeSync, constants, fdatasync, fdatasyncSync, fsyncSync, ftruncateSync, lstatSync, openSync, renameSync, unlinkSync, writeSync } = fs;
const TEMP_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

function writeAll(fd: number, bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone.
  }
}

function same(file: string, want: Identity): boolean {
  const st = lstatSync(file, { bigint: true, throwIfNoEntry: false });
  return st !== undefined && st.dev === want.dev && st.ino === want.ino;
}

const NO_DUPLICATE = ',"duplicateOf":null,';

/**
 * The line with its `duplicateOf` filled in. In JSON text a `"` inside a string is always escaped,
 * so `,"duplicateOf":null,` can only be the entry's own key (no nested object has one).
 */
function withDuplicateOf(text: string, seq: number): string {
  const at = text.indexOf(NO_DUPLICATE);
  if (at < 0) return JSON.stringify({ ...(JSON.parse(text) as object), duplicateOf: seq });
  return `${text.slice(0, at)},"duplicateOf":${seq},${text.slice(at + NO_DUPLICATE.length)}`;
}

function syncFailed(what: string, err: unknown): string {
  return `syncing ${what} failed (${(err as Error).message}): the disk no longer confirms writes, so nothing more is stored (restart listen once the disk is healthy)`;
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
    const group = new Group(this, jobs);
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

interface Placed {
  job: StoreJob;
  temp: string;
  fd: number;
}

/** One group: the jobs that were waiting when the previous group was done. */
class Group {
  readonly failed: StoreBatchDone['failed'] = [];
  duplicates: StoreBatchDone['duplicates'] = [];
  private readonly failedIds = new Set<number>();
  /** Payloads renamed into place by this group. */
  private readonly placed = new Set<StoreJob>();

  constructor(
    private readonly store: GroupCommit,
    private readonly jobs: StoreJob[],
  ) {}

  fail(job: StoreJob, error: string, code?: string): void {
    if (this.failedIds.has(job.id)) return;
    this.failedIds.add(job.id);
    this.failed.push({ id: job.id, error, code });
  }

  failAll(error: string): void {
    for (const job of this.jobs) this.fail(job, error);
  }

  private failErr(job: StoreJob, err: unknown, prefix = ''): void {
    const e = err as NodeJS.ErrnoException;
    this.fail(job, `${prefix}${e.message}`, e.code);
  }

  async commit(): Promise<void> {
    const { store } = this;
    store.broken ??= store.identityProblem();
    if (store.broken) return this.failAll(store.broken);
    const temps = this.writeTemps();
    if (store.cfg.fsync) await this.syncTemps(temps);
    this.rename(temps);
    if (store.broken) return this.abandon(store.broken);
    if (store.dirFd !== null && this.placed.size > 0) {
      try {
        fsyncSync(store.dirFd);
      } catch (err) {
        // POSIX lets a file system refuse to sync a directory (EINVAL: some network and FUSE file
        // systems), which then keeps its entries by itself; any other failure is the disk's.
        if ((err as NodeJS.ErrnoException).code === 'EINVAL') store.stopDirectorySyncs();
        else {
          store.broken = syncFailed(`the capture directory ${store.cfg.shownDir}`, err);
          return this.abandon(store.broken);
        }
      }
    }
    this.append();
    const after = store.identityProblem();
    // Replaced while this group was being written: its payloads may have gone to the new directory
    // and its lines to the old index, so none of it counts as stored.
    if (after) {
      store.broken = after;
      this.abandon(after);
    }
  }

  private writeTemps(): Placed[] {
    const { cfg } = this.store;
    const temps: Placed[] = [];
    for (const job of this.jobs) {
      if (job.body === undefined) continue;
      const temp = path.join(cfg.dir, `${cfg.tmpPrefix}${job.file}`);
      let fd: number;
      try {
        fd = openSync(temp, TEMP_FLAGS, 0o644);
      } catch (err) {
        // Nothing was created (O_EXCL): whatever is there is not ours to remove.
        this.failErr(job, err);
        continue;
      }
      try {
        writeAll(fd, new Uint8Array(job.body));
        temps.push({ job, temp, fd });
      } catch (err) {
        closeSync(fd);
        removeQuietly(temp);
        this.failErr(job, err);
      }
    }
    return temps;
  }

  /** Side by side on the thread pool: the file system merges them into fewer journal commits. */
  private async syncTemps(temps: Placed[]): Promise<void> {
    const errors = await Promise.all(temps.map((t) => new Promise<Error | null>((resolve) => fdatasync(t.fd, resolve))));
    errors.forEach((err, i) => {
      if (!err) return;
      const why = syncFailed(temps[i].job.file, err);
      this.store.broken ??= why;
      this.fail(temps[i].job, why, (err as NodeJS.ErrnoException).code);
    });
  }

  private rename(temps: Placed[]): void {
    for (const t of temps) {
      closeSync(t.fd);
      if (this.failedIds.has(t.job.id)) {
        removeQuietly(t.temp);
        continue;
      }
      try {
        renameSync(t.temp, path.join(this.store.cfg.dir, t.job.file));
        this.placed.add(t.job);
      } catch (err) {
        removeQuietly(t.temp);
        this.failErr(t.job, err);
      }
    }
  }

  /** One write and one sync for the group's lines. A failed write is cut back off, so the next line starts on a line of its own. */
  private append(): void {
    const { store } = this;
    const { cfg } = store;
    const jobs = this.jobs.filter((j) => j.line !== undefined && !this.failedIds.has(j.id));
    if (jobs.length === 0) return;
    const bytes = Buffer.from(this.lines(jobs));
    let problem: unknown = null;
    try {
      writeAll(cfg.indexFd, bytes);
    } catch (err) {
      problem = err;
    }
    if (problem === null && cfg.fsync) {
      try {
        fdatasyncSync(cfg.indexFd);
      } catch (err) {
        problem = err;
        store.broken = syncFailed(path.join(cfg.shownDir, cfg.indexFile), err);
      }
    }
    if (problem === null) {
      store.indexSize += bytes.length;
      for (const { line } of jobs) if (line!.eventId !== null) store.seen.note(line!.eventId, line!.seq);
      return;
    }
    this.duplicates = [];
    try {
      ftruncateSync(cfg.indexFd, store.indexSize);
    } catch (err) {
      store.broken ??= `${path.join(cfg.shownDir, cfg.indexFile)} could not be cut back to its last whole line after a failed write (${(err as Error).message}): nothing more is stored (restart listen)`;
    }
    for (const job of jobs) {
      this.failErr(job, problem, `${cfg.indexFile}: `);
      this.unplace(job);
    }
    this.syncDirectory();
  }

  /** The group's index lines, each with its `duplicateOf`: the first stored delivery of its event, or one earlier in this group. */
  private lines(jobs: StoreJob[]): string {
    const inGroup = new Map<string, number>();
    let text = '';
    for (const job of jobs) {
      const line = job.line!;
      let duplicateOf: number | null = null;
      if (line.eventId !== null) {
        const key = String(line.eventId);
        duplicateOf = this.store.seen.get(line.eventId) ?? inGroup.get(key) ?? null;
        if (!inGroup.has(key)) inGroup.set(key, line.seq);
      }
      if (duplicateOf === null) text += `${line.text}\n`;
      else {
        this.duplicates.push([job.id, duplicateOf]);
        text += `${withDuplicateOf(line.text, duplicateOf)}\n`;
      }
    }
    return text;
  }

  /** Takes back every payload of this group that was placed: a 500 means nothing is stored. */
  private abandon(error: string): void {
    for (const job of this.jobs) {
      if (this.failedIds.has(job.id)) continue;
      this.fail(job, error);
      this.unplace(job);
    }
    this.syncDirectory();
  }

  /** Removes the payload of a failed job: placed by this group, or by an earlier one (a job that only indexes). */
  private unplace(job: StoreJob): void {
    if (job.body === undefined || this.placed.has(job)) removeQuietly(path.join(this.store.cfg.dir, job.file));
  }

  private syncDirectory(): void {
    try {
      if (this.store.dirFd !== null) fsyncSync(this.store.dirFd);
    } catch {
      // Best effort: a removal that is lost in a crash leaves a payload without an index line,
      // which the next start counts as a delivery renamed before a crash.
    }
  }
}
