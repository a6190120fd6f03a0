import type { ClaimState, DedupeStore } from './dedupeStore.js';

export interface MemoryStoreOptions {
  /** Most keys kept; the oldest go first. Default 10,000. */
  maxEntries?: number;
  /** How long a handled event is remembered. Default 24 hours. */
  ttlMs?: number;
  /** How long a claim holds while its handlers run (it must outlast the slowest). Default 60 s. */
  leaseMs?: number;
  /** The clock, for tests. */
  now?: () => number;
}

interface Entry {
  key: string;
  state: 'in-progress' | 'completed';
  owner: string;
  expires: number;
  /**
   * Its newest place in the eviction order (any older place that still names it is stale), or -1
   * once it has left the map: eviction then needs no lookup to tell a stale place.
   */
  at: number;
}

const positive = (name: string, v: number | undefined, fallback: number): number => {
  if (v === undefined) return fallback;
  if (!Number.isFinite(v) || v <= 0) throw new TypeError(`MemoryStore: ${name} must be a positive number, got ${String(v)}`);
  return v;
};

/**
 * The default dedupe store: one process's memory, bounded in size and time. It is lost on a
 * restart and not shared between instances, so production behind several processes wants a
 * shared store (Redis, Postgres: docs/API.md shows both).
 */
export class MemoryStore implements DedupeStore {
  readonly #entries = new Map<string, Entry>();
  // Entries as they were set, oldest first, for eviction; a place whose entry was replaced,
  // deleted or set again since is stale and skipped. Evicting through the Map's own order (keys().next() after
  // delete + set) walked past every deleted slot V8 had not yet compacted: microseconds a set.
  #order: (Entry | undefined)[] = [];
  #head = 0;
  readonly #max: number;
  readonly #ttl: number;
  readonly #lease: number;
  readonly #now: () => number;

  constructor(options: MemoryStoreOptions = {}) {
    this.#max = Math.floor(positive('maxEntries', options.maxEntries, 10_000));
    this.#ttl = positive('ttlMs', options.ttlMs, 24 * 60 * 60 * 1000);
    this.#lease = positive('leaseMs', options.leaseMs, 60_000);
    this.#now = options.now ?? Date.now;
  }

  /** Keys held now (expired ones are dropped first). */
  get size(): number {
    this.#dropExpired();
    return this.#entries.size;
  }

  claim(key: string, owner: string): ClaimState {
    const now = this.#now();
    const found = this.#entries.get(key);
    if (found && found.expires > now) return found.state;
    if (found) found.at = -1;
    this.#set({ key, state: 'in-progress', owner, expires: now + this.#lease, at: 0 });
    return 'claimed';
  }

  complete(key: string, owner: string): void {
    const expires = this.#now() + this.#ttl;
    const found = this.#entries.get(key);
    if (!found) return this.#set({ key, state: 'completed', owner, expires, at: 0 });
    // The claim's own entry, completed in place (one object per event, not two) and moved to the
    // newest end of the eviction order, as deleting and setting it again would. A completed entry
    // needs no owner: release acts on in-progress ones only.
    found.state = 'completed';
    found.owner = '';
    found.expires = expires;
    this.#place(found);
  }

  release(key: string, owner: string): void {
    const found = this.#entries.get(key);
    if (found?.state === 'in-progress' && found.owner === owner) this.#forget(found);
  }

  #forget(entry: Entry): void {
    this.#entries.delete(entry.key);
    entry.at = -1;
  }

  /** A key the map does not hold, or whose entry the caller has marked as gone. */
  #set(entry: Entry): void {
    this.#entries.set(entry.key, entry);
    this.#place(entry);
  }

  #place(entry: Entry): void {
    entry.at = this.#order.length;
    this.#order.push(entry);
    // Oldest first, one at a time: sweeping for expired keys on every set would cost O(size).
    if (this.#entries.size > this.#max) this.#evictOldest();
    // Compacted once at least half of it is spent or stale: O(1) a set, over time.
    if (this.#order.length > 2 * this.#entries.size + 1024) this.#compactOrder();
  }

  #isCurrent(entry: Entry | undefined, at: number): entry is Entry {
    return entry !== undefined && entry.at === at;
  }

  #evictOldest(): void {
    while (this.#head < this.#order.length) {
      const at = this.#head++;
      const oldest = this.#order[at];
      this.#order[at] = undefined;
      if (this.#isCurrent(oldest, at)) {
        this.#forget(oldest);
        return;
      }
    }
  }

  #compactOrder(): void {
    const kept: Entry[] = [];
    for (let at = this.#head; at < this.#order.length; at++) {
      const entry = this.#order[at];
      if (this.#isCurrent(entry, at)) {
        entry.at = kept.length;
        kept.push(entry);
      }
    }
    this.#order = kept;
    this.#head = 0;
  }

  #dropExpired(): void {
    const now = this.#now();
    for (const entry of this.#entries.values()) if (entry.expires <= now) this.#forget(entry);
  }
}
