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

/** Slots a table starts with; it doubles as it fills, up to what a generation holds. */
const MIN_SLOTS = 16;
/** 2^32 / golden ratio: multiplied by an id, its top bits spread neighbouring ids over the table. */
const GOLDEN = 0x9e3779b1;
/** Above any id a table holds (they have at most MAX_SMALL_DIGITS digits). */
const NO_LEAST = 2 ** 31 - 1;

/**
 * Handled events whose ids are small integers (all of Coperniq's), and when each expires: an
 * open-addressing table in two typed arrays, filled and never deleted from. A lookup reads one or
 * two cache lines of ids, or none for an id outside the range the table holds. A Map of the same
 * events takes about three times the memory, spread over entries and buckets, and is allocated
 * again each time it grows: with it, the kit took more CPU per request than all the rest of its
 * work over a bare server (issue 12's benchmark).
 */
class IdTable {
  /** id + 1 in each used slot; 0 marks a free one. */
  #ids = new Int32Array(MIN_SLOTS);
  #expiries = new Float64Array(MIN_SLOTS);
  #shift = 32 - Math.log2(MIN_SLOTS);
  // The smallest and largest id held. Coperniq's ids grow, so a new event is mostly above every
  // one here and is known to be absent without a probe: a probe reads a random line of a table
  // larger than the cache, which on a busy server has always left it (sampled with perf, a
  // claim's two probes cost it 0.4 us of the 0.55 it took).
  #least = NO_LEAST;
  #most = -1;
  size = 0;

  /** When `id` expires, or -Infinity when it is not here. */
  expiryOf(id: number): number {
    if (id > this.#most || id < this.#least) return -Infinity;
    const ids = this.#ids;
    const mask = ids.length - 1;
    for (let i = Math.imul(id, GOLDEN) >>> this.#shift; ; i = (i + 1) & mask) {
      const held = ids[i];
      if (held === id + 1) return this.#expiries[i];
      if (held === 0) return -Infinity;
    }
  }

  set(id: number, expires: number): void {
    // At most three quarters full, so a probe meets a free slot within a few steps.
    if ((this.size + 1) * 4 > this.#ids.length * 3) this.#grow();
    const ids = this.#ids;
    const mask = ids.length - 1;
    let i = Math.imul(id, GOLDEN) >>> this.#shift;
    for (; ids[i] !== 0; i = (i + 1) & mask) {
      if (ids[i] === id + 1) return void (this.#expiries[i] = expires);
    }
    ids[i] = id + 1;
    this.#expiries[i] = expires;
    this.size++;
    if (id < this.#least) this.#least = id;
    if (id > this.#most) this.#most = id;
  }

  /** Empty again, keeping its arrays: a generation's table is used over and over. */
  clear(): void {
    this.#ids.fill(0);
    this.#least = NO_LEAST;
    this.#most = -1;
    this.size = 0;
  }

  forEach(visit: (id: number, expires: number) => void): void {
    for (let i = 0; i < this.#ids.length; i++) if (this.#ids[i] !== 0) visit(this.#ids[i] - 1, this.#expiries[i]);
  }

  #grow(): void {
    const [ids, expiries] = [this.#ids, this.#expiries];
    this.#ids = new Int32Array(ids.length * 2);
    this.#expiries = new Float64Array(ids.length * 2);
    this.#shift--;
    this.size = 0;
    for (let i = 0; i < ids.length; i++) if (ids[i] !== 0) this.set(ids[i] - 1, expiries[i]);
  }
}

/** Handled events, each with when it expires: small integer ids in a table, any other in a Map. */
class Generation {
  readonly ids = new IdTable();
  readonly others = new Map<string, number>();

  get size(): number {
    return this.ids.size + this.others.size;
  }

  expiryOf(k: Key): number {
    return typeof k === 'number' ? this.ids.expiryOf(k) : (this.others.get(k) ?? -Infinity);
  }

  set(k: Key, expires: number): void {
    if (typeof k === 'number') this.ids.set(k, expires);
    else this.others.set(k, expires);
  }

  clear(): this {
    this.ids.clear();
    this.others.clear();
    return this;
  }
}

const positive = (name: string, v: number | undefined, fallback: number): number => {
  if (v === undefined) return fallback;
  if (!Number.isFinite(v) || v <= 0) throw new TypeError(`MemoryStore: ${name} must be a positive number, got ${String(v)}`);
  return v;
};

const MAX_SMALL_DIGITS = 9;

/**
 * Coperniq's event ids are integers, and the kit passes them as their decimal text. Up to 9
 * digits, one is held as a number in an IdTable. Only the canonical spelling becomes a number, so
 * "7", "07" and "+7" stay three keys.
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
 * the older one out whole, and its table, emptied, takes the new events. Claims in flight are few,
 * and live in a small Map of their own.
 */
export class MemoryStore implements DedupeStore {
  /** Claims in flight, oldest first, but for the newest. */
  readonly #leases = new Map<Key, Lease>();
  // The newest claim waits here until another claim comes. A delivery whose handlers return at once
  // (a synchronous handler, or one that only queues the work) completes it before then, and its
  // claim never touches the Map: a set and a delete that cost more than the rest of the store.
  #newestKey: Key | undefined = undefined;
  #newestOwner = '';
  #newestExpires = 0;
  // claim() and complete() of one delivery get the same text: it is read once.
  #lastText: string | undefined = undefined;
  #lastKey: Key = '';
  #current = new Generation();
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
  }

  /** Keys held now: claims whose lease holds, and handled events not yet expired. */
  get size(): number {
    const now = this.#now();
    const held = new Set<Key>();
    if (this.#newestKey !== undefined && this.#newestExpires > now) held.add(this.#newestKey);
    for (const [key, lease] of this.#leases) {
      if (lease.expires > now) held.add(key);
      else this.#leases.delete(key);
    }
    const live = (key: Key, expires: number) => void (expires > now && held.add(key));
    for (const gen of [this.#previous, this.#current]) {
      gen?.ids.forEach(live);
      gen?.others.forEach((expires, key) => live(key, expires));
    }
    return held.size;
  }

  claim(key: string, owner: string): ClaimState {
    const now = this.#now();
    const k = this.#keyOf(key);
    if (k === this.#newestKey) {
      if (this.#newestExpires > now) return 'in-progress';
      this.#newestKey = undefined;
    } else {
      const lease = this.#leases.get(k);
      if (lease !== undefined) {
        if (lease.expires > now) return 'in-progress';
        this.#leases.delete(k);
      }
    }
    if (this.#handled(k, now)) return 'completed';
    this.#parkNewest();
    this.#newestKey = k;
    this.#newestOwner = owner;
    this.#newestExpires = now + this.#lease;
    return 'claimed';
  }

  // Whoever completes the event completes it: its handlers ran to the end (a claim whose lease ran
  // out may finish after a newer one began), and a handled event needs no owner.
  complete(key: string, _owner: string): void {
    const now = this.#now();
    const k = this.#keyOf(key);
    if (k === this.#newestKey) this.#newestKey = undefined;
    else this.#leases.delete(k);
    if (this.#current.size >= this.#generationSize) this.#nextGeneration();
    this.#current.set(k, now + this.#ttl);
  }

  release(key: string, owner: string): void {
    const k = this.#keyOf(key);
    if (k === this.#newestKey) {
      if (this.#newestOwner === owner) this.#newestKey = undefined;
    } else if (this.#leases.get(k)?.owner === owner) {
      this.#leases.delete(k);
    }
  }

  #keyOf(text: string): Key {
    if (text !== this.#lastText) {
      this.#lastText = text;
      this.#lastKey = storeKey(text);
    }
    return this.#lastKey;
  }

  // The newest claim joins the others. They are bounded: claims never completed nor released
  // (a handler that hangs) must not grow without end.
  #parkNewest(): void {
    if (this.#newestKey === undefined) return;
    this.#leases.set(this.#newestKey, { owner: this.#newestOwner, expires: this.#newestExpires });
    this.#newestKey = undefined;
    // Room for the claim about to become the newest.
    if (this.#leases.size + 1 > this.#max) this.#leases.delete(this.#leases.keys().next().value as Key);
  }

  #handled(k: Key, now: number): boolean {
    return this.#current.expiryOf(k) > now || (this.#previous !== null && this.#previous.expiryOf(k) > now);
  }

  // The older generation's events are forgotten; its emptied table takes the new ones.
  #nextGeneration(): void {
    if (this.#max < 2) return void this.#current.clear();
    const older = this.#previous;
    this.#previous = this.#current;
    this.#current = older?.clear() ?? new Generation();
  }
}
