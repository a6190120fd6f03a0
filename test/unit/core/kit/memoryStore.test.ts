import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../../src/core/kit/memoryStore.js';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
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

  it('evicts as a Map kept in set order would, over many claims, completions and releases', () => {
    const max = 7;
    const s = new MemoryStore({ maxEntries: max });
    const model = new Map<string, string>();
    const set = (k: string, state: string) => {
      model.delete(k);
      model.set(k, state);
      if (model.size > max) model.delete(model.keys().next().value as string);
    };
    let seed = 12345;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    for (let i = 0; i < 20_000; i++) {
      const k = String(rand(12));
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

  it('refuses nonsense bounds', () => {
    expect(() => new MemoryStore({ maxEntries: 0 })).toThrow(/maxEntries must be a positive number/);
    expect(() => new MemoryStore({ ttlMs: Number.NaN })).toThrow(/ttlMs/);
  });
});
