/**
 * The capture store's writer thread. It takes batches of jobs (write a payload under a temp name,
 * sync it and rename it; append an index line) and commits everything that is waiting as one
 * group, as databases do: payload files synced side by side on the thread pool, then one sync of
 * the directory and one of the index for the whole group, then one answer. Deliveries that arrive
 * meanwhile form the next group, so the syncs per delivery fall as the load rises. Synchronous
 * calls are fine here otherwise: this thread does nothing else, and the main thread never waits on
 * them; one hand-off per batch instead of several libuv requests per delivery is what lets
 * `listen` keep up with a bare server.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { summarizeIndex, type IndexSummary } from './indexScan.js';
import type { Identity } from './storeFiles.js';

export interface StoreJob {
  id: number;
  /** Payload file name in the capture directory. */
  file: string;
  /** The body, when this job writes the payload (a job without one indexes a payload written before). */
  body?: ArrayBuffer;
  /** Index line (without the newline), appended only after the payload is in place. */
  line?: string;
}

/** Every job up to `upto` is done, except those in `failed`. */
export interface StoreBatchDone {
  upto: number;
  failed: { id: number; error: string; code?: string }[];
}

/** The thread's first message: it has read the index and is ready for jobs. */
export interface StoreReady {
  ready: IndexSummary;
}

export interface StoreConfig {
  /** The capture directory, symlinks resolved. */
  dir: string;
  /** The directory as the user gave it, for messages. */
  shownDir: string;
  indexFile: string;
  lockFile: string;
  tmpPrefix: string;
  /** Opened (O_APPEND, never through a symlink) by the main thread, which closes it after this thread. */
  indexFd: number;
  fsync: boolean;
  /** What the directory, index and lock were when opened: a batch is refused once any has changed. */
  identity: { dir: Identity; index: Identity; lock: Identity };
}

const { closeSync, constants, fdatasync, fdatasyncSync, fsyncSync, ftruncateSync, lstatSync, openSync, renameSync, unlinkSync, writeSync } = fs;
const cfg = workerData as StoreConfig;
const TEMP_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);
const indexPath = path.join(cfg.dir, cfg.indexFile);
const lockPath = path.join(cfg.dir, cfg.lockFile);
const dirFd = cfg.fsync ? openDirectory() : null;
/** Read here, at the start, while the main thread lists the directory (two cores, half the wait). */
const earlier = summarizeIndex(cfg.indexFd);
// A cut-off last line can only come from a crash mid-write; it never described an acknowledged delivery.
if (earlier.wholeEnd < earlier.size) ftruncateSync(cfg.indexFd, earlier.wholeEnd);
let indexSize = earlier.wholeEnd;
/** Once set, every job fails with it: the store can no longer keep its promise. */
let broken: string | null = null;

function openDirectory(): number | null {
  try {
    return openSync(cfg.dir, constants.O_RDONLY | (constants.O_DIRECTORY ?? 0));
  } catch (err) {
    // Windows cannot open a directory; NTFS journals directory entries itself.
    if ((err as NodeJS.ErrnoException).code === 'EISDIR' || (err as NodeJS.ErrnoException).code === 'EPERM') return null;
    throw err;
  }
}

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

/** Why the directory is no longer the one this listen opened and locked, or null. */
function identityProblem(): string | null {
  const restart = 'nothing more is stored (restart listen to capture again)';
  if (!same(cfg.dir, cfg.identity.dir)) return `the capture directory ${cfg.shownDir} was removed or replaced while listening: ${restart}`;
  if (!same(indexPath, cfg.identity.index)) return `${path.join(cfg.shownDir, cfg.indexFile)} was removed or replaced while listening: ${restart}`;
  if (!same(lockPath, cfg.identity.lock)) {
    return `the lock ${path.join(cfg.shownDir, cfg.lockFile)} was removed or replaced while listening: ${restart}; another listen may have started on the directory, and two must never write the same numbers`;
  }
  return null;
}

function syncFailed(what: string, err: unknown): string {
  return `syncing ${what} failed (${(err as Error).message}): the disk no longer confirms writes, so nothing more is stored (restart listen once the disk is healthy)`;
}

interface Placed {
  job: StoreJob;
  temp: string;
  fd: number;
}

class Group {
  readonly failed: StoreBatchDone['failed'] = [];
  private readonly failedIds = new Set<number>();
  /** Payloads renamed into place by this group. */
  private readonly placed = new Set<StoreJob>();

  constructor(private readonly jobs: StoreJob[]) {}

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
    broken ??= identityProblem();
    if (broken) return this.failAll(broken);
    const temps = this.writeTemps();
    if (cfg.fsync) await this.syncTemps(temps);
    this.rename(temps);
    if (broken) return this.abandon(broken);
    if (dirFd !== null && this.placed.size > 0) {
      try {
        fsyncSync(dirFd);
      } catch (err) {
        broken = syncFailed(`the capture directory ${cfg.shownDir}`, err);
        return this.abandon(broken);
      }
    }
    this.append();
    const after = identityProblem();
    // Replaced while this group was being written: its payloads may have gone to the new directory
    // and its lines to the old index, so none of it counts as stored.
    if (after) {
      broken = after;
      this.abandon(after);
    }
  }

  private writeTemps(): Placed[] {
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
      broken ??= syncFailed(temps[i].job.file, err);
      this.failErr(temps[i].job, err);
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
        renameSync(t.temp, path.join(cfg.dir, t.job.file));
        this.placed.add(t.job);
      } catch (err) {
        removeQuietly(t.temp);
        this.failErr(t.job, err);
      }
    }
  }

  /** One write and one sync for the group's lines. A failed write is cut back off, so the next line starts on a line of its own. */
  private append(): void {
    const jobs = this.jobs.filter((j) => j.line !== undefined && !this.failedIds.has(j.id));
    if (jobs.length === 0) return;
    const bytes = Buffer.from(jobs.map((j) => `${j.line}\n`).join(''));
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
        broken = syncFailed(path.join(cfg.shownDir, cfg.indexFile), err);
      }
    }
    if (problem === null) {
      indexSize += bytes.length;
      return;
    }
    try {
      ftruncateSync(cfg.indexFd, indexSize);
    } catch (err) {
      broken ??= `${path.join(cfg.shownDir, cfg.indexFile)} could not be cut back to its last whole line after a failed write (${(err as Error).message}): nothing more is stored (restart listen)`;
    }
    for (const job of jobs) {
      this.failErr(job, problem, `${cfg.indexFile}: `);
      this.unplace(job);
    }
    this.syncDirectory();
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
    if (job.body === undefined || this.placed.has(job)) removeQuietly(path.join(cfg.dir, job.file));
  }

  private syncDirectory(): void {
    try {
      if (dirFd !== null) fsyncSync(dirFd);
    } catch {
      // Best effort: a removal that is lost in a crash leaves a payload without an index line,
      // which the next start counts as a delivery renamed before a crash.
    }
  }
}

const pending: StoreJob[] = [];
let running = false;
let closing = false;

async function pump(): Promise<void> {
  while (pending.length > 0) {
    const jobs = pending.splice(0);
    const group = new Group(jobs);
    try {
      await group.commit();
    } catch (err) {
      group.failAll(`the capture writer failed: ${(err as Error).message}`);
    }
    parentPort!.postMessage({ upto: jobs[jobs.length - 1].id, failed: group.failed } satisfies StoreBatchDone);
  }
  running = false;
  if (closing) finish();
}

function finish(): void {
  // The index fd is the main thread's to close: it opened it (Node warns when a worker closes one).
  if (dirFd !== null) closeSync(dirFd);
  parentPort!.postMessage('closed');
}

// Handed over, not copied: at a million deliveries the tables are 64 MB.
const tables = [earlier.seen.numeric.keys, earlier.seen.numeric.values, earlier.indexed.keys, earlier.indexed.values];
parentPort!.postMessage({ ready: earlier } satisfies StoreReady, tables.map((t) => t.buffer as ArrayBuffer));
parentPort!.on('message', (msg: StoreJob[] | 'close') => {
  if (msg === 'close') {
    closing = true;
    if (!running) finish();
    return;
  }
  for (const job of msg) pending.push(job);
  if (running) return;
  running = true;
  // After the messages already queued have arrived, so that they join this group.
  setImmediate(() => void pump());
});
