/**
 * One group of the capture store's group commit (groupCommit.ts): the jobs that were waiting when the
 * previous group was done, written, synced and indexed together, or taken back together.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { GroupCommit } from './groupCommit.js';
import type { StoreBatchDone, StoreJob } from './storeMessages.js';

const { closeSync, constants, fdatasync, fdatasyncSync, fsyncSync, ftruncateSync, openSync, renameSync, unlinkSync, writeSync } = fs;
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

interface Placed {
  job: StoreJob;
  temp: string;
  fd: number;
}

export class CommitGroup {
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
