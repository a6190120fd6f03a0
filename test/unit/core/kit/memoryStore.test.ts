import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../../src/core/kit/memoryStore.js';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

/**
 * What MemoryStore promises, as a model to check every answer against. Claims: exactly (a lease
 * holds until it runs out, is completed or released; past maxEntries claims the oldest goes).
 * Handled events, ranked by how many other keys were handled since: the newest maxEntries / 2 are
 * remembered until their TTL ends, none past the newest maxEntries; in between, either answer is
 * right, and a key the store has forgotten stays forgotten.
 */
class Promises {
  readonly leases = new Map<string, { owner: string; expires: number }>();
  /** Handled keys and when they expire, in the order they were last handled (oldest first). */
  readonly handled = new Map<string, number>();
  readonly keep: number;

  constructor(
    readonly max: number,
    readonly now: () => number,
    readonly leaseMs = 60_000,
    readonly ttlMs = 24 * 60 * 60 * 1000,
  ) {
    this.keep = Math.max(1, Math.floor(max / 2));
  }

  /** Other keys handled since `k`, or Infinity when it is not remembered or has expired. */
  rank(k: string): number {
    const expires = this.handled.get(k);
    if (expires === undefined || expires <= this.now()) return Infinity;
    let after = 0;
    let seen = false;
    for (const key of this.handled.keys()) {
      if (seen) after++;
      else seen = key === k;
    }
    return after;
  }

  claimed(k: string, owner: string, got: string): void {
    const lease = this.leases.get(k);
    if (lease && lease.expires > this.now()) return void expect(got, `claim ${k}`).toBe('in-progress');
    this.leases.delete(k);
    const rank = this.rank(k);
    if (rank < this.keep) expect(got, `claim ${k} (handled, rank ${rank})`).toBe('completed');
    else if (rank >= this.max) expect(got, `claim ${k} (rank ${rank})`).toBe('claimed');
    else expect(['completed', 'claimed'], `claim ${k} (rank ${rank})`).toContain(got);
    if (got !== 'claimed') return;
    this.handled.delete(k);
    this.leases.set(k, { owner, expires: this.now() + this.leaseMs });
    if (this.leases.size > this.max) this.leases.delete(this.leases.keys().next().value as string);
  }

  completed(k: string): void {
    this.leases.delete(k);
    this.handled.delete(k);
    this.handled.set(k, this.now() + this.ttlMs);
    // Past the newest max, a key is forgotten for sure.
    if (this.handled.size > this.max) this.handled.delete(this.handled.keys().next().value as string);
  }

  released(k: string, owner: string): void {
    if (this.leases.get(k)?.owner === owner) this.leases.delete(k);
  }

  checkSize(size: number): void {
    const now = this.now();
    const live = [...this.leases].filter(([, l]) => l.expires > now).map(([k]) => k);
    // Ranked in one pass: the last handled has rank 0.
    const ranked = [...this.handled].map(([k, expires], i) => ({ k, rank: expires > now ? this.handled.size - 1 - i : Infinity }));
    const within = (n: number) => new Set([...live, ...ranked.filter((r) => r.rank < n).map((r) => r.k)]).size;
    expect(size).toBeGreaterThanOrEqual(within(this.keep));
    expect(size).toBeLessThanOrEqual(within(this.max));
  }
}

/** A seeded generator of integers below n, so that a failing sequence can be run again. */
function randomFrom(seed: number): (n: number) => number {
  return (n) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
}

describe('MemoryStore', () => {
  it('claims once; a second claim sees in-progress, then completed', () => {
    const s = new MemoryStore();
    expect(s.claim('1', 'a')).toBe('claimed');
    expect(s.claim('1', 'b')).toBe('in-progress');
    s.complete('1', 'a');
    expect(s.claim('1', 'b')).toBe('completed');
  });

  it('release frees only its own claim', () => {
    const s = new MemoryStore();
    s.claim('1', 'a');
    s.release('1', 'b');
    expect(s.claim('1', 'c')).toBe('in-progress');
    s.release('1', 'a');
    expect(s.claim('1', 'c')).toBe('claimed');
  });

  it('a lease that ran out (a crashed delivery) can be claimed again, and its late release frees nothing', () => {
    const c = clock();
    const s = new MemoryStore({ leaseMs: 1000, now: c.now });
    s.claim('1', 'crashed');
    c.advance(999);
    expect(s.claim('1', 'b')).toBe('in-progress');
    c.advance(1);
    expect(s.claim('1', 'b')).toBe('claimed');
    s.release('1', 'crashed');
    expect(s.claim('1', 'c')).toBe('in-progress');
  });

  it('forgets completed events after the TTL', () => {
    const c = clock();
    const s = new MemoryStore({ ttlMs: 5000, now: c.now });
    s.claim('1', 'a');
    s.complete('1', 'a');
    c.advance(4999);
    expect(s.claim('1', 'b')).toBe('completed');
    c.advance(1);
    expect(s.claim('1', 'b')).toBe('claimed');
  });

  it('keeps handled events in two halves of maxEntries: a full half pushes the older one out whole', () => {
    const s = new MemoryStore({ maxEntries: 4 });
    const handle = (k: string) => (s.claim(k, 'a'), s.complete(k, 'a'));
    for (const k of ['1', '2', '3', '4']) handle(k);
    expect(s.size).toBe(4);
    // The newer half (3, 4) is full: 5 starts a new one and 1, 2 are forgotten together.
    handle('5');
    expect(s.size).toBe(3);
    expect(['1', '2', '3', '4', '5'].map((k) => s.claim(k, 'b'))).toEqual(['claimed', 'claimed', 'completed', 'completed', 'completed']);
  });

  it('never holds more than maxEntries handled events, and always the newest half', () => {
    const s = new MemoryStore({ maxEntries: 100 });
    for (let i = 0; i < 10_000; i++) {
      s.claim(String(i), 'a');
      s.complete(String(i), 'a');
      if (i % 37 === 0) expect(s.size).toBeLessThanOrEqual(100);
    }
    expect(s.size).toBeGreaterThanOrEqual(50);
    for (let i = 9_950; i < 10_000; i++) expect(s.claim(String(i), 'b')).toBe('completed');
    for (let i = 0; i < 9_900; i += 99) expect(s.claim(String(i), 'b')).toBe('claimed');
  });

  it('a bound of 1 remembers the last event handled', () => {
    const s = new MemoryStore({ maxEntries: 1 });
    for (const k of ['1', '2']) s.complete(k, 'a');
    expect(s.size).toBe(1);
    expect(s.claim('2', 'b')).toBe('completed');
    expect(s.claim('1', 'b')).toBe('claimed');
  });

  it('claims in flight are kept apart from handled events, and bounded by maxEntries too', () => {
    const s = new MemoryStore({ maxEntries: 4 });
    s.claim('slow', 'a');
    for (let i = 0; i < 20; i++) s.complete(String(i), 'a');
    // Handled events pushed generations out; the claim still holds.
    expect(s.claim('slow', 'b')).toBe('in-progress');
    // Claims nobody completes (handlers that hang): the oldest goes past the bound.
    for (const k of ['h1', 'h2', 'h3', 'h4']) s.claim(k, 'a');
    expect(s.claim('slow', 'b')).toBe('claimed');
    expect(s.claim('h4', 'b')).toBe('in-progress');
  });

  it('a claim taken again after its lease ran out counts as the newest when the bound drops one', () => {
    const c = clock();
    const s = new MemoryStore({ maxEntries: 2, leaseMs: 10, now: c.now });
    s.claim('a', 'crashed');
    c.advance(10);
    s.claim('b', 'x');
    expect(s.claim('a', 'y')).toBe('claimed');
    s.claim('c', 'z');
    // Three claims over a bound of 2: b is the oldest now, not a.
    expect(['a', 'b', 'c'].map((k) => s.claim(k, 'w'))).toEqual(['in-progress', 'claimed', 'in-progress']);
  });

  it('remembers for the whole TTL on a clock far from where it started (past what fits a small integer)', () => {
    const day = 24 * 60 * 60 * 1000;
    const c = clock(Date.UTC(2026, 10, 30));
    const s = new MemoryStore({ ttlMs: 30 * day, now: c.now });
    c.advance(40 * day);
    s.claim('436815', 'a');
    s.complete('436815', 'a');
    c.advance(30 * day - 1);
    expect(s.claim('436815', 'b')).toBe('completed');
    c.advance(1);
    expect(s.claim('436815', 'b')).toBe('claimed');
  });

  // Event ids as Coperniq sends them (held as numbers), other strings, near-numbers that must stay
  // apart from them, and a bound large enough that generations turn over many times.
  it.each([
    { what: 'numeric ids', max: 7, keys: 12, key: (n: number) => String(n) },
    { what: 'other strings and near-numbers', max: 7, keys: 12, key: (n: number) => ['07', '+7', '7', 'x7', '', '1234567890', '-1', '7.0', ' 7', '0', '00', 'evt_1'][n] },
    { what: 'a bound of 300 over 900 keys', max: 300, keys: 900, key: (n: number) => (n % 3 === 0 ? `k${n}` : String(n)) },
  ])('keeps its promises over many claims, completions and releases: $what', ({ max, keys, key }) => {
    const s = new MemoryStore({ maxEntries: max });
    const model = new Promises(max, () => 0);
    const rand = randomFrom(12345);
    for (let i = 0; i < 20_000; i++) {
      const k = key(rand(keys));
      const op = rand(3);
      if (op === 0) {
        model.claimed(k, 'o', s.claim(k, 'o'));
      } else if (op === 1) {
        s.complete(k, 'o');
        model.completed(k);
      } else {
        s.release(k, 'o');
        model.released(k, 'o');
      }
      if (i % 7 === 0) model.checkSize(s.size);
    }
  });

  // Time moves too: leases and TTLs run out while generations turn over.
  it('keeps its promises over claims, completions, releases by two owners, and time passing', () => {
    let now = 1_000;
    const [max, lease, ttl] = [50, 30, 200];
    const s = new MemoryStore({ maxEntries: max, leaseMs: lease, ttlMs: ttl, now: () => now });
    const model = new Promises(max, () => now, lease, ttl);
    const rand = randomFrom(777);
    for (let i = 0; i < 30_000; i++) {
      const k = rand(4) === 0 ? `evt-${rand(120)}` : String(rand(120));
      const owner = rand(2) === 0 ? 'a' : 'b';
      const op = rand(5);
      if (op === 0 || op === 1) {
        model.claimed(k, owner, s.claim(k, owner));
      } else if (op === 2) {
        s.complete(k, owner);
        model.completed(k);
      } else if (op === 3) {
        s.release(k, owner);
        model.released(k, owner);
      } else {
        now += rand(12);
      }
      if (i % 97 === 0) model.checkSize(s.size);
    }
  });

  it('holds tens of thousands of ids, from 0 to 999,999,999, in order or scattered', () => {
    const s = new MemoryStore({ maxEntries: 100_000 });
    const rand = randomFrom(99);
    const ids = [0, 999_999_999, 1, 999_999_998];
    for (let i = 0; i < 25_000; i++) ids.push(436_815 + i, rand(1_000_000_000));
    const unique = [...new Set(ids)];
    for (const id of unique) {
      expect(s.claim(String(id), 'a')).toBe('claimed');
      s.complete(String(id), 'a');
    }
    // Every one of them is within the newest half of the bound: all remembered, and counted once.
    expect(s.size).toBe(unique.length);
    for (const id of unique) expect(s.claim(String(id), 'b'), String(id)).toBe('completed');
    // Ids near them that were never handled are not taken for them.
    for (const id of [2, 999_999_997, 436_815 + 25_000, 1_000_000_000]) expect(s.claim(String(id), 'b'), String(id)).toBe('claimed');
  });

  it('keeps "7", "07" and other spellings of a number apart', () => {
    const s = new MemoryStore();
    expect(['7', '07', '+7', '7.0', ' 7'].map((k) => s.claim(k, 'a'))).toEqual(['claimed', 'claimed', 'claimed', 'claimed', 'claimed']);
    s.complete('7', 'a');
    expect(s.claim('7', 'b')).toBe('completed');
    expect(s.claim('07', 'b')).toBe('in-progress');
  });

  it('refuses nonsense bounds', () => {
    expect(() => new MemoryStore({ maxEntries: 0 })).toThrow(/maxEntries must be a positive number/);
    expect(() => new MemoryStore({ ttlMs: Number.NaN })).toThrow(/ttlMs/);
    expect(() => new MemoryStore({ maxEntries: 0.5 })).toThrow(/maxEntries must be at least 1/);
  });
});
