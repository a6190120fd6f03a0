/**
 * A delivery's body for the inspector: the stored bytes, and the bytes a reader parses (gzip
 * decoded, as every other reader does), plus the list's one-line facts (title, what moved), which
 * the index does not hold, kept for the most recently shown deliveries only.
 */
import type { IndexEntry } from '../../core/capture/captureFormat.js';
import { decodeStored, MAX_DECODED } from '../../core/capture/storedBody.js';
import { parseJsonBytes } from '../../core/payload/json.js';
import { payloadFacts } from '../../core/payload/payloadFacts.js';
import { readStored, StoredFileError } from './storedFile.js';

export interface StoredPayload {
  stored: Buffer;
  /** The bytes to parse: `stored`, or what it decodes to. */
  decoded: Buffer | null;
  /** Why `decoded` is null, or how it differs from `stored`. */
  note: string | null;
}

export async function readPayload(dir: string, entry: Pick<IndexEntry, 'file' | 'encoding'>): Promise<StoredPayload> {
  const stored = await readStored(dir, entry.file, MAX_DECODED);
  if (!entry.encoding) return { stored, decoded: stored, note: null };
  const decoded = decodeStored(stored, entry.encoding);
  if (!decoded.ok) return { stored, decoded: null, note: decoded.message };
  return { stored, decoded: decoded.bytes, note: `stored ${entry.encoding}-compressed as received (${stored.length} bytes); shown decoded (${decoded.bytes.length} bytes)` };
}

export interface ListFacts {
  title: string | null;
  moved: string | null;
}

const NONE: ListFacts = { title: null, moved: null };
/** Bodies bigger than this are not opened just for a list row. */
const FACTS_MAX_BYTES = 1024 * 1024;
const CACHE = 5000;

export class FactsCache {
  private readonly cache = new Map<number, ListFacts>();

  constructor(private readonly dir: string) {}

  async of(entry: IndexEntry): Promise<ListFacts> {
    const hit = this.cache.get(entry.seq);
    if (hit) return hit;
    const facts = await this.read(entry);
    this.prime(entry.seq, facts);
    return facts;
  }

  /** Facts known without reading the body (listen has just parsed it). */
  prime(seq: number, facts: ListFacts): void {
    this.cache.set(seq, facts);
    if (this.cache.size > CACHE) this.cache.delete(this.cache.keys().next().value as number);
  }

  clear(): void {
    this.cache.clear();
  }

  private async read(entry: IndexEntry): Promise<ListFacts> {
    if (!entry.verdict?.json || entry.bytes > FACTS_MAX_BYTES) return NONE;
    try {
      const p = await readPayload(this.dir, entry);
      const parsed = p.decoded ? parseJsonBytes(p.decoded) : null;
      if (!parsed?.ok) return NONE;
      const f = payloadFacts(parsed.value);
      return { title: f.title, moved: f.moved };
    } catch (err) {
      if (err instanceof StoredFileError) return NONE;
      throw err;
    }
  }
}
