import type { ClaimState, DedupeStore } from './dedupeStore.js';

export interface MemoryStoreOptions {
  /**
   * Most handled events kept. They are kept in two halves: when the newer half is full, the older
   * one is forgotten at once, so the newest maxEntries / 2 are always remembered. Default 20,000.
   */
  maxEntries?: number;
  /** How long a handled event is remembered. Default 24 hours. */
  ttlMs?: number;
  /** How long a claim holds while its handlers run (it must outlast the slowest). Default 60 s. */
  leaseMs?: number;
  /** The clock, for tests. */
  now?: () => number;
}

/** A key as the store holds it: see `storeKey`. */
type Key = string | number;

/** A claim while its handlers run. */
interface Lease {
  owner: string;
  expires: number;
}

/**
 * Handled events remembered since `base`: each key maps to when it expires, in ms after `base`.
 * While that fits in 30 bits (12 days) V8 keeps it in the Map's own slot, with no object to
 * allocate, promote or point at from the old generation.
 */
interface Generation {
  expiries: Map<Key, number>;
  base: number;
}

const positive = (name: string, v: number | undefined, fallback: number): number => {
  if (v === undefined) return fallback;
  if (!Number.isFinite(v) || v <= 0) throw new TypeError(`MemoryStore: ${name} must be a positive number, got ${String(v)}`);
  return v;
};

const MAX_SMALL_DIGITS = 9;

/**
 * Coperniq's event ids are integers, and the kit passes them as their decimal text. Held as a
 * number (up to 9 digits, so always a small integer), a key is compared in the Map's own slot,
 * where a string must be followed to its characters: one cache miss fewer for every key a lookup
 * passes. Only the canonical spelling becomes a number, so "7", "07" and "+7" stay three keys.
 */
function storeKey(key: string): Key {
  const n = key.length;
  if (n === 0 || n > MAX_SMALL_DIGITS || (n > 1 && key.charCodeAt(0) === 0x30)) return key;
  let value = 0;
  for (let i = 0; i < n; i++) {
    const digit = key.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return key;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * The default dedupe store: one process's memory, bounded in size and time. It is lost on a
 * restart and not shared between instances, so production behind several processes wants a
 * shared store (Redis, Postgres: docs/API.md shows both).
 *
 * Built for the kit's hot path (issue 12: its throughput against a bare server). Handled events
 * go into the newer of two generations and are never deleted one by one: a full generation pushes
 * the older one out whole. Deleting a key inserted thousands of events ago, and keeping an object
 * per event, cost the kit more than the rest of its dedupe; claims in flight are few, and live in
 * a small Map of their own.
 */
export class MemoryStore implements DedupeStore {
  readonly #leases = new Map<Key, Lease>();
  #current: Generation;
  #previous: Generation | null = null;
  readonly #max: number;
  /** Keys a generation takes before it becomes the older one. */
  readonly #generationSize: number;
  readonly #ttl: number;
  readonly #lease: number;
  readonly #now: () => number;

  constructor(options: MemoryStoreOptions = {}) {
    this.#max = Math.floor(positive('maxEntries', options.maxEntries, 20_000));
    if (this.#max < 1) throw new TypeError(`MemoryStore: maxEntries must be at least 1, got ${String(options.maxEntries)}`);
    // A bound of 1 keeps one generation of one; any other keeps two of half.
    this.#generationSize = Math.max(1, Math.floor(this.#max / 2));
    this.#ttl = positive('ttlMs', options.ttlMs, 24 * 60 * 60 * 1000);
    this.#lease = positive('leaseMs', options.leaseMs, 60_000);
    this.#now = options.now ?? Date.now;
    this.#current = { expiries: new Map(), base: this.#now() };
  }

  /** Keys held now: claims whose lease holds, and handled events not yet expired. */
  get size(): number {
    const now = this.#now();
    const held = new Set<Key>();
    for (const [key, lease] of this.#leases) {
      if (lease.expires > now) held.add(key);
      else this.#leases.delete(key);
    }
    for (const gen of [this.#previous, this.#current]) {
      if (gen) for (const [key, left] of gen.expiries) if (left + gen.base > now) held.add(key);
    }
    return held.size;
  }

  claim(key: string, owner: string): ClaimState {
    const now = this.#now();
    const k = storeKey(key);
    const lease = this.#leases.get(k);
    if (lease !== undefined) {
      if (lease.expires > now) return 'in-progress';
      this.#leases.delete(k);
    }
    if (this.#handled(k, now)) return 'completed';
    this.#leases.set(k, { owner, expires: now + this.#lease });
    // Claims that are never completed nor released (a handler that hangs) must not grow without end.
    if (this.#leases.size > this.#max) this.#leases.delete(this.#leases.keys().next().value as Key);
    return 'claimed';
  }

  // Whoever completes the event completes it: its handlers ran to the end (a claim whose lease ran
  // out may finish after a newer one began), and a handled event needs no owner.
  complete(key: string, _owner: string): void {
    const now = this.#now();
    const k = storeKey(key);
    this.#leases.delete(k);
    let gen = this.#current;
    if (gen.expiries.size >= this.#generationSize) gen = this.#nextGeneration(now);
    gen.expiries.set(k, now + this.#ttl - gen.base);
  }

  release(key: string, owner: string): void {
    const k = storeKey(key);
    if (this.#leases.get(k)?.owner === owner) this.#leases.delete(k);
  }

  // The newer generation is asked first: a key in both was handled again after it expired.
  #handled(k: Key, now: number): boolean {
    const current = this.#current;
    const left = current.expiries.get(k);
    if (left !== undefined) return left + current.base > now;
    const previous = this.#previous;
    if (previous === null) return false;
    const older = previous.expiries.get(k);
    return older !== undefined && older + previous.base > now;
  }

  #nextGeneration(now: number): Generation {
    this.#previous = this.#max >= 2 ? this.#current : null;
    this.#current = { expiries: new Map(), base: now };
    return this.#current;
  }
}
