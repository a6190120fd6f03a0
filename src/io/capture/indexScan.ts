import { read } from 'node:fs';
import { promisify } from 'node:util';
import { parseIndexLine, type IndexEntry } from '../../core/capture/captureFormat.js';

const readAsync = promisify(read);
const CHUNK = 4 * 1024 * 1024;

export interface IndexScan {
  /** Where the last whole line ends: anything after it was cut off by a crash mid-write. */
  wholeEnd: number;
  size: number;
  badLines: number;
}

/**
 * Reads `index.ndjson` from `fd` line by line, in chunks, and hands each entry to `onEntry`. Never
 * the whole file as one string: a million deliveries make an index larger than V8's longest
 * string (issue 13). Stops with `signal`'s reason when it is aborted (Ctrl-C during a long start).
 */
export async function scanIndex(fd: number, onEntry: (entry: IndexEntry) => void, signal?: AbortSignal): Promise<IndexScan> {
  let buf = Buffer.allocUnsafe(CHUNK);
  let filled = 0;
  let offset = 0;
  let badLines = 0;
  for (;;) {
    signal?.throwIfAborted();
    if (filled === buf.length) {
      // One line longer than the buffer (a hand-edited index): make room for the rest of it.
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, 0, filled);
      buf = bigger;
    }
    const { bytesRead } = await readAsync(fd, buf, filled, buf.length - filled, offset + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
    const view = buf.subarray(0, filled);
    let start = 0;
    for (let nl = view.indexOf(10, start); nl !== -1; nl = view.indexOf(10, start)) {
      if (nl > start) {
        const entry = parseIndexLine(view.toString('utf8', start, nl));
        if (entry) onEntry(entry);
        else if (view.subarray(start, nl).some((b) => b !== 0x20 && b !== 0x09 && b !== 0x0d)) badLines++;
      }
      start = nl + 1;
    }
    buf.copy(buf, 0, start, filled);
    offset += start;
    filled -= start;
  }
  return { wholeEnd: offset, size: offset + filled, badLines };
}
