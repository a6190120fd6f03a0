import { promises as fs } from 'node:fs';
import path from 'node:path';
import { INDEX_FILE, parseIndex, seqFromFileName, type IndexEntry } from '../../core/capture/captureFormat.js';
import { acquireLock } from './captureLock.js';
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
  /** Records an event id; returns the sequence number of the first delivery that carried it, if any. */
  firstWithEvent(eventId: number | string | null, seq: number): number | null;
  /** Writes the body under a temp dot-name, then renames it: a crash never leaves half a payload under a real name. */
  writePayload(file: string, body: Uint8Array): Promise<void>;
  /** Appends the index line; resolves once it is written. */
  appendIndex(entry: IndexEntry): Promise<void>;
  /** Both of the above in one go (payload first); resolves once both are done. */
  persist(file: string, body: Uint8Array, entry: IndexEntry): Promise<void>;
  /** Closes the store; `discard` removes what opening it created when nothing was captured. */
  close(opts?: { discard?: boolean }): Promise<void>;
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

/** A partial last line can only come from a crash mid-write; it never described an acknowledged delivery. */
async function trimPartialLine(indexPath: string, text: string): Promise<string> {
  if (text === '' || text.endsWith('\n')) return text;
  const keep = text.lastIndexOf('\n') + 1;
  await fs.truncate(indexPath, Buffer.byteLength(text.slice(0, keep)));
  return text.slice(0, keep);
}

/**
 * Opens (or creates) a capture directory and continues it: sequence numbers go on from the
 * highest one seen in the index or among the file names, and event ids seen before are
 * remembered for duplicate detection.
 */
export async function openCaptureStore(dir: string, opts: { shownDir: string }): Promise<CaptureStore> {
  const created = await makeDir(dir);
  const release = await acquireLock(dir, opts.shownDir, process.pid);
  try {
    const indexPath = path.join(dir, INDEX_FILE);
    const names = await fs.readdir(dir);
    let hadIndex = true;
    let text = await fs.readFile(indexPath, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
      hadIndex = false;
      return '';
    });
    text = await trimPartialLine(indexPath, text);
    const { entries } = parseIndex(text);
    entries.sort((a, b) => a.seq - b.seq);

    let maxSeq = 0;
    const seen = new Map<string, number>();
    const indexed = new Set<string>();
    for (const e of entries) {
      maxSeq = Math.max(maxSeq, e.seq);
      indexed.add(e.file);
      if (e.eventId !== null && e.eventId !== undefined && !seen.has(String(e.eventId))) seen.set(String(e.eventId), e.seq);
    }
    let earlier = entries.length;
    for (const name of names.sort()) {
      if (name.startsWith(TMP_PREFIX)) {
        // Left by a crash before its rename: never acknowledged, so never a capture.
        await fs.unlink(path.join(dir, name)).catch(() => undefined);
        continue;
      }
      const seq = seqFromFileName(name);
      if (seq === null) continue;
      maxSeq = Math.max(maxSeq, seq);
      if (indexed.has(name)) continue;
      // Renamed but its index line never written (crash in between): the event id is in its name.
      earlier++;
      const m = /^\d+-.+?-([^-]+?)\.(?:json|body)(?:\.gz)?$/.exec(name);
      if (m && m[1] !== 'no-event-id' && !seen.has(m[1])) seen.set(m[1], seq);
    }

    const writer = await StoreWriter.start(dir, INDEX_FILE, TMP_PREFIX);
    let seq = maxSeq;
    return {
      dir,
      earlier,
      nextSeq: () => ++seq,
      peekSeq: () => seq + 1,
      firstWithEvent(eventId, at) {
        if (eventId === null) return null;
        const key = String(eventId);
        const first = seen.get(key);
        if (first !== undefined) return first;
        seen.set(key, at);
        return null;
      },
      writePayload: (file, body) => writer.submit({ file, body }),
      appendIndex: (entry) => writer.submit({ line: JSON.stringify(entry) }),
      persist: (file, body, entry) => writer.submit({ file, body, line: JSON.stringify(entry) }),
      async close({ discard = false } = {}) {
        await writer.close().catch(() => undefined);
        await release();
        // A listen that never started (port in use) leaves no empty capture directory behind.
        if (!discard || seq !== maxSeq) return;
        if (!hadIndex) await fs.unlink(indexPath).catch(() => undefined);
        if (created !== null) {
          for (let d = dir; ; d = path.dirname(d)) {
            if (!(await fs.rmdir(d).then(() => true, () => false)) || d === created) break;
          }
        }
      },
    };
  } catch (err) {
    await release();
    throw err;
  }
}
