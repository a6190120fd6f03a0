import { describe, expect, it } from 'vitest';
import { diffValues } from '../../../../src/core/diff/diffValues.js';
import { toJsonPatch } from '../../../../src/core/diff/jsonPatch.js';
import { escapeToken, toPointer } from '../../../../src/core/path/jsonPointer.js';
import { compileMatcher } from '../../../../src/core/diff/pathPattern.js';
import { applyPatch, parsePointer } from '../../../helpers/jsonPatchApply.js';

describe('JSON Pointer escaping (RFC 6901)', () => {
  it.each([
    ['plain', 'plain'],
    ['a/b', 'a~1b'],
    ['m~n', 'm~0n'],
    // "~1" in a key must not turn into "/" on the way back: ~ is escaped first.
    ['~1', '~01'],
    ['/~', '~1~0'],
    ['', ''],
    ['odd key', 'odd key'],
  ])('%j -> %j', (token, escaped) => {
    expect(escapeToken(token)).toBe(escaped);
    expect(parsePointer(toPointer([token]))).toEqual([token]);
  });

  it('joins tokens into a pointer', () => {
    expect(toPointer(['record', 'trades', '1'])).toBe('/record/trades/1');
    expect(toPointer([])).toBe('');
  });

  it('patches keys that hold ~ and /', () => {
    const a = { 'a/b': { '~c': 1 }, '~1': 1 };
    const b = { 'a/b': { '~c': 2 }, '~1': 1, 'x/~y': true };
    const ops = toJsonPatch(diffValues(a, b).changes);
    expect(ops).toEqual([
      { op: 'replace', path: '/a~1b/~0c', value: 2 },
      { op: 'add', path: '/x~1~0y', value: true },
    ]);
    expect(applyPatch(a, ops)).toEqual(b);
  });

  it('replaces the whole document when the root changes type', () => {
    const ops = toJsonPatch(diffValues([1], { a: 1 }).changes);
    expect(ops).toEqual([{ op: 'replace', path: '', value: { a: 1 } }]);
    expect(applyPatch([1], ops)).toEqual({ a: 1 });
  });
});

// A seeded generator: the same random documents on every run, many shapes of difference.
function rng(seed: number) {
  return () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
}
type R = () => number;
const KEYS = ['id', 'a', 'b', 'c', 'odd key', 'x/y', '~t', 'é', '0'];
function randomValue(r: R, depth: number): unknown {
  const k = Math.floor(r() * (depth > 3 ? 5 : 8));
  if (k === 0) return null;
  if (k === 1) return r() < 0.5;
  if (k === 2) return Math.floor(r() * 10);
  if (k === 3) return String(Math.floor(r() * 10));
  if (k === 4) return ['Solar', '', 'ünï', '🔋'][Math.floor(r() * 4)];
  if (k === 5 || k === 6) {
    const o: Record<string, unknown> = {};
    for (const key of KEYS) if (r() < 0.35) o[key] = randomValue(r, depth + 1);
    return o;
  }
  return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
}
function mutate(r: R, v: unknown, depth = 0): unknown {
  if (r() < 0.15) return randomValue(r, depth);
  if (Array.isArray(v)) {
    const out = v.map((x) => (r() < 0.5 ? mutate(r, x, depth + 1) : x));
    if (r() < 0.3) out.splice(Math.floor(r() * (out.length + 1)), 0, randomValue(r, depth + 1));
    if (r() < 0.3 && out.length) out.splice(Math.floor(r() * out.length), 1);
    return out;
  }
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (r() > 0.15) out[k] = r() < 0.5 ? mutate(r, x, depth + 1) : x;
    if (r() < 0.3) out[KEYS[Math.floor(r() * KEYS.length)]] = randomValue(r, depth + 1);
    return out;
  }
  return v;
}
function keyedList(r: R): { id: number; v: unknown }[] {
  const ids = [...new Set(Array.from({ length: 6 }, () => Math.floor(r() * 9)))];
  return ids.map((id) => ({ id, v: randomValue(r, 2) }));
}

describe('the patch turns a into b (seeded random documents)', () => {
  it('by index: applying the patch to a gives exactly b', () => {
    const r = rng(7);
    const seen = new Set<string>();
    for (let n = 0; n < 500; n++) {
      const a = randomValue(r, 0);
      const b = mutate(r, a);
      const ops = toJsonPatch(diffValues(a, b).changes);
      for (const op of ops) seen.add(op.op);
      expect(applyPatch(a, ops), `case ${n}: ${JSON.stringify({ a, b, ops })}`).toEqual(b);
    }
    // The generator really exercises every kind of operation.
    expect([...seen].sort()).toEqual(['add', 'remove', 'replace']);
  });

  it('by key: the patch gives b up to the order of keyed items', () => {
    const r = rng(11);
    const byId = (list: unknown) => [...(list as { id: number }[])].sort((x, y) => x.id - y.id);
    let removedAndAdded = 0;
    for (let n = 0; n < 300; n++) {
      const a = { items: keyedList(r), nested: [{ id: 1, sub: keyedList(r) }] };
      const b = { items: keyedList(r), nested: [{ id: 1, sub: keyedList(r) }] };
      const ops = toJsonPatch(diffValues(a, b, { arrayKeys: ['id'] }).changes);
      if (ops.some((o) => o.op === 'remove') && ops.some((o) => o.path.endsWith('/-'))) removedAndAdded++;
      const patched = applyPatch(a, ops) as typeof a;
      const where = `case ${n}: ${JSON.stringify({ a, b, ops })}`;
      expect(byId(patched.items), where).toEqual(byId(b.items));
      expect(byId(patched.nested[0].sub), where).toEqual(byId(b.nested[0].sub));
    }
    expect(removedAndAdded).toBeGreaterThan(100);
  });

  it('with --ignore: b outside the ignored paths, a inside them', () => {
    const a = { event: { eventId: 1, n: 1 }, record: { updatedAt: 'x', list: [{ updatedAt: 1, v: 1 }] } };
    const b = { event: { eventId: 2, n: 2 }, record: { updatedAt: 'y', list: [{ updatedAt: 2, v: 2 }, { v: 3 }] } };
    const ignore = compileMatcher(['event.eventId', '**.updatedAt']);
    const patched = applyPatch(a, toJsonPatch(diffValues(a, b, { ignore }).changes));
    expect(patched).toEqual({ event: { eventId: 1, n: 2 }, record: { updatedAt: 'x', list: [{ updatedAt: 1, v: 2 }, { v: 3 }] } });
  });
});
