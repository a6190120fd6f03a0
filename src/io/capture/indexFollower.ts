/**
 * Follows a capture directory's index.ndjson as `listen` (this process or another) appends to it:
 * reads only what is new, leaves a cut-off last line for the next read, and starts over when the
 * file is truncated, replaced or removed. fs.watch says when to look; a slow poll covers the file
 * systems where it says nothing. Only line offsets and filter facts are kept (DeliveryCatalog).
 */
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { INDEX_FILE, parseIndexLine, type IndexEntry } from '../../core/capture/captureFormat.js';
import { DeliveryCatalog, type Located } from '../../core/inspect/deliveryCatalog.js';
import { factsOf } from '../../core/inspect/deliveryQuery.js';
import { openStored, StoredFileError } from './storedFile.js';

/** Parsed between two reads: small enough that `listen` sharing the thread is held up only briefly. */
const CHUNK = 1024 * 1024;
/** A longer line is not one `listen` wrote; it is skipped rather than read into memory. */
const MAX_LINE = 64 * 1024 * 1024;
const POLL_MS = 1000;
const NL = 10;

export interface FollowerEvents {
  /** Deliveries new since the last read, in file order (not during the first load). */
  added: (entries: IndexEntry[]) => void;
  /** The index was truncated, replaced or removed: everything listed before is gone. */
  reset: (why: string) => void;
}

export class IndexFollower {
  readonly catalog = new DeliveryCatalog();
  /** Lines that are not index entries (hand edits, a crash long ago). */
  badLines = 0;
  /** Why the index cannot be read right now (a symlink, a FIFO...), or null. */
  problem: string | null = null;
  private readonly file: string;
  private offset = 0;
  private identity: string | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private loaded = false;
  private watcher: FSWatcher | null = null;
  /** Deliveries `listen` said it stored whose lines have not been read yet. */
  private readonly announced = new Set<number>();
  private soon = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly dir: string,
    private readonly events: FollowerEvents,
  ) {
    this.file = path.join(dir, INDEX_FILE);
  }

  /**
   * Reads the whole index once, then follows it. `watch: false` when `listen` in this process
   * announces every delivery: the file watch would only wake up for each payload file it writes.
   */
  async start(opts: { watch: boolean } = { watch: true }): Promise<void> {
    await this.refresh();
    if (opts.watch) this.watch();
    this.timer = setInterval(() => void this.refresh(), POLL_MS);
    this.timer.unref();
  }

  private watch(): void {
    try {
      this.watcher = watch(this.dir, { persistent: false }, (_event, name) => {
        if (name === null || name === INDEX_FILE) void this.refresh();
      });
      this.watcher.on('error', () => this.watcher?.close());
    } catch {
      // No inotify watches left, or a file system without them: the poll still follows.
    }
  }

  close(): void {
    this.watcher?.close();
    if (this.timer) clearInterval(this.timer);
  }

  /**
   * `listen` (this process) has just stored delivery `seq`: read it now, and report it even if the
   * first read, still under way, is the one that finds it.
   */
  announce(seq: number): void {
    if (!this.loaded) this.announced.add(seq);
    // Deliveries stored in the same turn are read in one go.
    if (this.soon) return;
    this.soon = true;
    setImmediate(() => {
      this.soon = false;
      void this.refresh();
    });
  }

  /** Reads whatever is new; concurrent calls share one read, and a call during a read gets another. */
  refresh(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.readNew();
        } catch (err) {
          // An unreadable index (permissions, I/O error) is reported, never fatal: the next look may succeed.
          this.problem = `cannot read ${INDEX_FILE}: ${(err as Error).message}`;
        }
        // What the first pass found was there before; lines a later pass finds are news, even
        // when that pass follows at once (a delivery stored while the first read was under way).
        this.loaded = true;
        this.announced.clear();
      } while (this.again);
    })().finally(() => (this.running = null));
    return this.running;
  }

  /** The index entries at these positions of the catalog; lines that no longer match are left out. */
  async entries(positions: number[]): Promise<{ position: number; entry: IndexEntry }[]> {
    if (positions.length === 0) return [];
    const located = positions.map((p) => ({ p, at: this.catalog.at(p) }));
    let opened;
    try {
      opened = await openStored(this.dir, INDEX_FILE);
    } catch {
      return [];
    }
    const { handle } = opened;
    try {
      const out: { position: number; entry: IndexEntry }[] = [];
      const start = Math.min(...located.map((l) => l.at.offset));
      const end = Math.max(...located.map((l) => l.at.offset + l.at.length));
      // Rows of one page are usually neighbours in the file: one read for all of them.
      const span = end - start <= CHUNK ? await readAt(handle, start, end - start) : null;
      let stale = false;
      for (const { p, at } of located) {
        const bytes = span ? span.subarray(at.offset - start, at.offset - start + at.length) : await readAt(handle, at.offset, at.length);
        const entry = parseIndexLine(bytes.toString('utf8'));
        if (entry && entry.seq === at.seq) out.push({ position: p, entry });
        else stale = true;
      }
      if (stale) void this.refresh();
      return out;
    } finally {
      await handle.close();
    }
  }

  private resetAll(why: string): void {
    this.catalog.clear();
    this.offset = 0;
    this.badLines = 0;
    this.identity = null;
    if (this.loaded) this.events.reset(why);
  }

  private async readNew(): Promise<void> {
    let opened;
    try {
      opened = await openStored(this.dir, INDEX_FILE);
    } catch (err) {
      const missing = err instanceof StoredFileError && err.code === 'missing';
      this.problem = missing ? null : (err as Error).message;
      if (this.identity !== null) this.resetAll(`${INDEX_FILE} was removed`);
      return;
    }
    this.problem = null;
    const { handle } = opened;
    try {
      const st = await handle.stat();
      const identity = `${st.dev}:${st.ino}`;
      if (this.identity !== null && identity !== this.identity) this.resetAll(`${INDEX_FILE} was replaced`);
      else if (st.size < this.offset) this.resetAll(`${INDEX_FILE} was truncated`);
      else if (this.offset > 0 && (await readAt(handle, this.offset - 1, 1))[0] !== NL) this.resetAll(`${INDEX_FILE} was rewritten`);
      this.identity = identity;
      await this.readLines(handle, st.size);
    } finally {
      await handle.close();
    }
  }

  private async readLines(handle: import('node:fs/promises').FileHandle, size: number): Promise<void> {
    let chunk = CHUNK;
    while (this.offset < size) {
      const buf = await readAt(handle, this.offset, Math.min(chunk, size - this.offset));
      const last = buf.lastIndexOf(NL);
      if (last < 0) {
        if (buf.length < chunk) return; // a line still being written (or cut off by a crash)
        if (chunk >= MAX_LINE) {
          this.offset += buf.length;
          this.badLines++;
          continue;
        }
        chunk *= 2;
        continue;
      }
      const added = this.parseLines(buf.subarray(0, last + 1), this.offset);
      this.offset += last + 1;
      if (added.length) this.events.added(added);
    }
  }

  private parseLines(buf: Buffer, base: number): IndexEntry[] {
    const added: IndexEntry[] = [];
    let start = 0;
    while (start < buf.length) {
      const end = buf.indexOf(NL, start);
      if (end > start) {
        const entry = parseIndexLine(buf.toString('utf8', start, end));
        const located: Located | null = entry && Number.isSafeInteger(entry.seq) && entry.seq > 0 ? { seq: entry.seq, offset: base + start, length: end - start, ...factsOf(entry) } : null;
        if (!located) {
          if (buf.toString('utf8', start, end).trim() !== '') this.badLines++;
        } else if (this.catalog.add(located) && (this.loaded || this.announced.delete(located.seq))) added.push(entry as IndexEntry);
      }
      start = end + 1;
    }
    return added;
  }
}

async function readAt(handle: import('node:fs/promises').FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  let n = 0;
  while (n < length) {
    const { bytesRead } = await handle.read(buf, n, length - n, position + n);
    if (bytesRead === 0) break;
    n += bytesRead;
  }
  return buf.subarray(0, n);
}
