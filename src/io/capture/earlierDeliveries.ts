/**
 * What a capture directory already holds when `listen` opens it: how many deliveries, the highest
 * sequence number (in the index or among the file names, so a number is never given twice), and
 * the first delivery of each event id.
 */
import { opendirSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { eventIdFromFileName, nameMayAlterEventId, seqFromFileName } from '../../core/capture/captureFormat.js';
import { NumberTable } from '../../core/capture/numberTable.js';
import { decodeStoredAsync, MAX_DECODED } from '../../core/capture/storedBody.js';
import { parseJsonBytes } from '../../core/payload/json.js';
import { eventFacts } from '../../core/payload/payloadFacts.js';
import { readStored } from './storedFile.js';
import { nameHash } from './indexScan.js';
import type { StoreNoteEvents, StoreReady } from './storeMessages.js';

export interface Names {
  /** seq and nameHash of every payload file name. */
  seqs: number[];
  hashes: number[];
  temps: string[];
}

/** The payload files and temp files of the directory, by seq and name hash (not a million strings). */
export async function listNames(dir: string, tmpPrefix: string, signal?: AbortSignal): Promise<Names> {
  const names: Names = { seqs: [], hashes: [], temps: [] };
  await forEachName(
    dir,
    (name) => {
      if (name.startsWith(tmpPrefix)) return void names.temps.push(name);
      const seq = seqFromFileName(name);
      if (seq === null) return;
      names.seqs.push(seq);
      names.hashes.push(nameHash(name));
    },
    signal,
  );
  return names;
}

/**
 * Calls `onName` for each entry of `dir`, a few thousand at a time: a million payload files as one
 * readdir array cost 1.8 s of CPU and 170 MB, this 0.7 s and nothing (issue 13). It yields to the
 * event loop between batches, so that Ctrl-C is heard during a long start.
 */
async function forEachName(dir: string, onName: (name: string) => void, signal?: AbortSignal): Promise<void> {
  const entries = opendirSync(dir, { bufferSize: 4096 });
  try {
    for (let n = 1; ; n++) {
      const entry = entries.readSync();
      if (entry === null) return;
      onName(entry.name);
      if (n % 8192 === 0) {
        await new Promise((resolve) => setImmediate(resolve));
        signal?.throwIfAborted();
      }
    }
  } finally {
    entries.closeSync();
  }
}

/**
 * The event id as the payload holds it, read as `listen` read it when it arrived (gzip decoded,
 * the same facts), or null when the file cannot tell (unreadable, not JSON, no id).
 */
async function eventIdInPayload(dir: string, name: string): Promise<number | string | null> {
  try {
    const stored = await readStored(dir, name, MAX_DECODED);
    const decoded = await decodeStoredAsync(stored, name.endsWith('.gz') ? 'gzip' : undefined);
    const parsed = decoded.ok ? parseJsonBytes(decoded.bytes) : null;
    return parsed?.ok ? eventFacts(parsed.value).eventId : null;
  } catch {
    return null;
  }
}

export interface Earlier {
  count: number;
  maxSeq: number;
  /** Event ids of the payloads the index does not hold, for the writer's duplicate detection. */
  unindexedEvents: StoreNoteEvents['note'];
}

/**
 * What the directory already holds: the index, as the writer thread read it, and the payload files
 * renamed before a crash let their index line be written (their event id is in their name, or in
 * the payload where the name may have altered it; the directory is listed a second time for
 * those, which only happens after a crash).
 */
export async function earlierDeliveries(dir: string, index: StoreReady['ready'], names: Names, signal?: AbortSignal): Promise<Earlier> {
  const indexed = NumberTable.fromState(index.indexed);
  const unindexedEvents: Earlier['unindexedEvents'] = [];
  let count = index.count;
  let maxSeq = index.maxSeq;
  const unindexed = new Set<number>();
  for (let i = 0; i < names.seqs.length; i++) {
    const seq = names.seqs[i];
    if (seq > maxSeq) maxSeq = seq;
    if (indexed.get(seq) === names.hashes[i]) continue;
    count++;
    unindexed.add(seq);
  }
  if (unindexed.size > 0) {
    const found: [string, number][] = [];
    await forEachName(
      dir,
      (name) => {
        const seq = seqFromFileName(name);
        if (seq !== null && unindexed.has(seq) && indexed.get(seq) !== nameHash(name)) found.push([name, seq]);
      },
      signal,
    );
    for (const [name, seq] of found) {
      const eventId = (nameMayAlterEventId(name) ? await eventIdInPayload(dir, name) : null) ?? eventIdFromFileName(name);
      if (eventId !== null) unindexedEvents.push([eventId, seq]);
    }
  }
  // Left by a crash before their rename: never acknowledged, so never captures.
  for (const name of names.temps) await fs.unlink(path.join(dir, name)).catch(() => undefined);
  return { count, maxSeq, unindexedEvents };
}
