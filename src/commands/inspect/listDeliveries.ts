/**
 * `GET /api/deliveries`: newest first, filtered on the catalog's facts, then (with `q`) on the
 * bodies, read one at a time into one buffer so 100,000 deliveries are searched without holding
 * any of them. A search stops after `scan` bodies (or SCAN_BYTES) and says where to continue.
 */
import type { IndexEntry } from '../../core/capture/captureFormat.js';
import type { DeliveryPage, DeliveryRow } from '../../core/inspect/apiShapes.js';
import { decodeStored } from '../../core/capture/storedBody.js';
import { bodyMatches, filtersFacts, matchesFacts, SCAN_BYTES, verdictClass, type DeliveryQuery } from '../../core/inspect/deliveryQuery.js';
import type { FactsCache } from '../../io/capture/payloadReader.js';
import type { IndexFollower } from '../../io/capture/indexFollower.js';
import { StoredScanner } from '../../io/capture/storedFile.js';

/** Bodies read between two turns of the event loop, so SSE and other requests keep flowing. */
const BATCH = 200;

export async function rowsOf(follower: IndexFollower, facts: FactsCache, positions: number[]): Promise<DeliveryRow[]> {
  const found = await follower.entries(positions);
  return Promise.all(found.map(async ({ entry }) => ({ ...entry, verdictClass: verdictClass(entry), ...(await facts.of(entry)) })));
}

export async function listDeliveries(follower: IndexFollower, facts: FactsCache, q: DeliveryQuery, signal: AbortSignal): Promise<DeliveryPage> {
  const catalog = follower.catalog;
  const picked: number[] = [];
  let pos = catalog.below(q.before);
  let scanned = 0;
  let bytes = 0;
  let partial = false;
  const scanner = q.text === null ? null : new StoredScanner(follower.dir);
  let entries: Map<number, IndexEntry> | null = null;
  while (pos >= 0 && picked.length < q.limit && !signal.aborted) {
    if (!matchesFacts(q, catalog.at(pos))) {
      pos--;
      continue;
    }
    if (scanner === null) {
      picked.push(pos--);
      continue;
    }
    if (scanned >= q.scan || bytes >= SCAN_BYTES) {
      partial = true;
      break;
    }
    // Index lines (for file names) a batch at a time, read together.
    if (!entries?.has(pos)) entries = await lineBatch(follower, q, pos);
    const entry = entries.get(pos);
    if (entry) {
      const body = readBody(scanner, entry);
      scanned++;
      bytes += body?.length ?? 0;
      if (body !== null && bodyMatches(body, q.text as string)) picked.push(pos);
    }
    pos--;
    if (scanned % BATCH === 0) await new Promise((r) => setImmediate(r));
  }
  // Sequence numbers are whole, so `before = seq + 1` resumes at the delivery not yet searched.
  const next = partial ? catalog.seqAt(pos) + 1 : pos >= 0 && picked.length === q.limit ? catalog.seqAt(picked[picked.length - 1]) : null;
  return {
    deliveries: await rowsOf(follower, facts, picked),
    next,
    partial,
    scanned,
    total: catalog.size,
    matched: filtersFacts(q) ? countMatching(follower, q) : catalog.size,
  };
}

async function lineBatch(follower: IndexFollower, q: DeliveryQuery, from: number): Promise<Map<number, IndexEntry>> {
  const positions: number[] = [];
  for (let p = from; p >= 0 && positions.length < BATCH; p--) if (matchesFacts(q, follower.catalog.at(p))) positions.push(p);
  const found = await follower.entries(positions);
  return new Map(found.map((f) => [f.position, f.entry]));
}

function readBody(scanner: StoredScanner, entry: IndexEntry): string | null {
  let stored: Buffer | null;
  try {
    stored = scanner.read(entry.file, SCAN_BYTES);
  } catch {
    return null;
  }
  if (stored === null) return null;
  const decoded = decodeStored(stored, entry.encoding);
  return decoded.ok ? decoded.bytes.toString('utf8') : null;
}

function countMatching(follower: IndexFollower, q: DeliveryQuery): number {
  let n = 0;
  for (let i = 0; i < follower.catalog.size; i++) if (matchesFacts(q, follower.catalog.at(i))) n++;
  return n;
}
