import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../../src/core/kit/memoryStore.js';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

/** The store's model: a Map in set order, a key set again moving to the end, the oldest dropped past `max`. */
function setInOrder<V>(model: Map<string, V>, max: number, k: string, v: V): void {
  model.delete(k);
  model.set(k, v);
  if (model.size > max) model.delete(model.keys().next().value as string);
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

  it('keeps at most maxEntries, dropping the oldest first', () => {
    const s = new MemoryStore({ maxEntries: 3 });
    for (const k of ['1', '2', '3', '4']) {
      s.claim(k, 'a');
      s.complete(k, 'a');
    }
    expect(s.size).toBe(3);
    expect(s.claim('1', 'b')).toBe('claimed');
    expect(s.claim('4', 'b')).toBe('completed');
  });

  it('drops the key set longest ago: a completed claim counts as new, a released one is gone', () => {
    const s = new MemoryStore({ maxEntries: 3 });
    for (const k of ['1', '2', '3']) s.claim(k, 'a');
    s.complete('1', 'a');
    s.release('3', 'a');
    s.claim('4', 'a');
    s.claim('5', 'a');
    // Held: 1 (completed after 2 was claimed), 4, 5; 2 was the oldest.
    expect(s.size).toBe(3);
    expect(s.claim('1', 'b')).toBe('completed');
    expect(s.claim('2', 'b')).toBe('claimed');
  });

  // Event ids as Coperniq sends them (held as numbers), other strings, near-numbers that must stay
  // apart from them, and a bound large enough that the store grows and compacts its order many times.
  it.each([
    { what: 'numeric ids', max: 7, keys: 12, key: (n: number) => String(n) },
    { what: 'other strings and near-numbers', max: 7, keys: 12, key: (n: number) => ['07', '+7', '7', 'x7', '', '1234567890', '-1', '7.0', ' 7', '0', '00', 'evt_1'][n] },
    { what: 'a bound of 300 over 900 keys', max: 300, keys: 900, key: (n: number) => (n % 3 === 0 ? `k${n}` : String(n)) },
  ])('evicts as a Map kept in set order would, over many claims, completions and releases: $what', ({ max, keys, key }) => {
    const s = new MemoryStore({ maxEntries: max });
    const model = new Map<string, string>();
    const set = (k: string, state: string) => setInOrder(model, max, k, state);
    const rand = randomFrom(12345);
    for (let i = 0; i < 20_000; i++) {
      const k = key(rand(keys));
      const op = rand(3);
      if (op === 0) {
        const want = model.get(k) ?? 'claimed';
        expect(s.claim(k, 'o')).toBe(want);
        if (want === 'claimed') set(k, 'in-progress');
      } else if (op === 1) {
        s.complete(k, 'o');
        set(k, 'completed');
      } else {
        s.release(k, 'o');
        if (model.get(k) === 'in-progress') model.delete(k);
      }
      expect(s.size).toBe(model.size);
    }
  });

  // Time moves too: leases and TTLs run out while keys are set, evicted and moved, and the store
  // compacts its eviction order, against a Map that drops an expired key when asked.
  it('agrees with a model over claims, completions, releases by two owners, and time passing', () => {
    let now = 1_000;
    const [max, lease, ttl] = [50, 30, 200];
    const s = new MemoryStore({ maxEntries: max, leaseMs: lease, ttlMs: ttl, now: () => now });
    type Held = { state: 'in-progress' | 'completed'; owner: string; expires: number };
    const model = new Map<string, Held>();
    const set = (k: string, held: Held) => setInOrder(model, max, k, held);
    const rand = randomFrom(777);
    for (let i = 0; i < 30_000; i++) {
      const k = rand(4) === 0 ? `evt-${rand(120)}` : String(rand(120));
      const owner = rand(2) === 0 ? 'a' : 'b';
      const op = rand(5);
      if (op === 0 || op === 1) {
        const held = model.get(k);
        const want = held && held.expires > now ? held.state : 'claimed';
        expect(s.claim(k, owner)).toBe(want);
        if (want === 'claimed') set(k, { state: 'in-progress', owner, expires: now + lease });
      } else if (op === 2) {
        s.complete(k, owner);
        set(k, { state: 'completed', owner: '', expires: now + ttl });
      } else if (op === 3) {
        s.release(k, owner);
        const held = model.get(k);
        if (held?.state === 'in-progress' && held.owner === owner) model.delete(k);
      } else {
        now += rand(12);
      }
      if (i % 97 === 0) {
        for (const [key, held] of model) if (held.expires <= now) model.delete(key);
        expect(s.size).toBe(model.size);
      }
    }
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
  });
});
