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
  state: 'in-progress' | 'completed';
  owner: string;
  expires: number;
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
    const found = this.#entries.get(key);
    if (found && found.expires > this.#now()) return found.state;
    this.#set(key, { state: 'in-progress', owner, expires: this.#now() + this.#lease });
    return 'claimed';
  }

  complete(key: string, owner: string): void {
    this.#set(key, { state: 'completed', owner, expires: this.#now() + this.#ttl });
  }

  release(key: string, owner: string): void {
    const found = this.#entries.get(key);
    if (found?.state === 'in-progress' && found.owner === owner) this.#entries.delete(key);
  }

  #set(key: string, entry: Entry): void {
    // Re-inserted so the Map's order stays oldest first.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    // Oldest first, one at a time: sweeping for expired keys on every set would cost O(size).
    if (this.#entries.size > this.#max) this.#entries.delete(this.#entries.keys().next().value as string);
  }

  #dropExpired(): void {
    const now = this.#now();
    for (const [key, entry] of this.#entries) if (entry.expires <= now) this.#entries.delete(key);
  }
}
