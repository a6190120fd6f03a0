import { readSync } from 'node:fs';
import { parseIndexLine } from '../../core/capture/captureFormat.js';
import { FirstSeqByEvent } from '../../core/capture/firstSeqByEvent.js';
import { indexLineKeys, type IndexKeys } from '../../core/capture/indexLineKeys.js';
import { NumberTable } from '../../core/capture/numberTable.js';

const CHUNK = 4 * 1024 * 1024;

/** What the index says about the deliveries already in a capture directory. */
export interface IndexSummary {
  /** Index lines that are entries. */
  count: number;
  maxSeq: number;
  /** The first seq of each event id. */
  seen: FirstSeqByEvent;
  /** seq -> nameHash of the file its line names. */
  indexed: NumberTable;
  /** Where the last whole line ends: anything after it was cut off by a crash mid-write. */
  wholeEnd: number;
  size: number;
}

/** FNV-1a of a file name: which file each indexed seq names, in 8 bytes instead of a string. */
export function nameHash(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The keys of one line: walked for where they are (the usual case), parsed whole otherwise. */
function keysOf(line: string): IndexKeys | null {
  const keys = indexLineKeys(line);
  if (keys) return keys;
  const entry = parseIndexLine(line);
  if (!entry) return null;
  const { seq, file, eventId } = entry;
  return { seq, file, eventId: typeof eventId === 'number' || typeof eventId === 'string' ? eventId : null };
}

/**
 * Reads `index.ndjson` from `fd` line by line, in chunks, never the whole file as one string: a
 * million deliveries make an index larger than V8's longest string (issue 13). Synchronous: the
 * writer thread runs it at its start, while the main thread lists the directory.
 */
export function summarizeIndex(fd: number): IndexSummary {
  const seen = new FirstSeqByEvent();
  const indexed = new NumberTable();
  let count = 0;
  let maxSeq = 0;
  const onKeys = ({ seq, file, eventId }: IndexKeys) => {
    count++;
    if (!Number.isSafeInteger(seq) || seq < 0) return;
    if (seq > maxSeq) maxSeq = seq;
    indexed.set(seq, nameHash(file));
    if (eventId !== null) seen.note(eventId, seq);
  };
  let buf = Buffer.allocUnsafe(CHUNK);
  let filled = 0;
  let offset = 0;
  for (;;) {
    if (filled === buf.length) {
      // One line longer than the buffer (a hand-edited index): make room for the rest of it.
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, 0, filled);
      buf = bigger;
    }
    const bytesRead = readSync(fd, buf, filled, buf.length - filled, offset + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
    const view = buf.subarray(0, filled);
    let start = 0;
    for (let nl = view.indexOf(10, start); nl !== -1; nl = view.indexOf(10, start)) {
      if (nl > start) {
        const keys = keysOf(view.toString('utf8', start, nl));
        if (keys) onKeys(keys);
      }
      start = nl + 1;
    }
    buf.copy(buf, 0, start, filled);
    offset += start;
    filled -= start;
  }
  return { count, maxSeq, seen, indexed, wholeEnd: offset, size: offset + filled };
}
