import { describe, expect, it } from 'vitest';
import { showPath } from '../../../../src/core/path/formatPath.js';
import { diffValues, type Change } from '../../../../src/core/diff/diffValues.js';
import { toJsonPatch } from '../../../../src/core/diff/jsonPatch.js';
import { compileMatcher, VOLATILE_PATTERNS } from '../../../../src/core/diff/pathPattern.js';
import { applyPatch } from '../../../helpers/jsonPatchApply.js';

type Row = [kind: Change['kind'], path: string, old?: unknown, now?: unknown];
const rows = (changes: Change[]): Row[] =>
  changes.map((c) => {
    const r: Row = [c.kind, showPath(c.path)];
    if ('old' in c) r[2] = c.old;
    if ('new' in c) r[3] = c.new;
    return r;
  });
const j = (s: string) => JSON.parse(s) as unknown;

interface Case {
  name: string;
  a: unknown;
  b: unknown;
  keys?: string[];
  ignore?: string[];
  want: Row[];
}

const cases: Case[] = [
  { name: 'equal documents', a: { x: 1, y: [1, 2] }, b: { x: 1, y: [1, 2] }, want: [] },
  { name: 'key order never matters', a: j('{"a":1,"b":{"c":2,"d":3}}'), b: j('{"b":{"d":3,"c":2},"a":1}'), want: [] },
  {
    name: 'nested objects',
    a: { event: { currentStage: { id: 1, name: 'Site Survey' } } },
    b: { event: { currentStage: { id: 1, name: 'Engineering' } } },
    want: [['changed', 'event.currentStage.name', 'Site Survey', 'Engineering']],
  },
  { name: 'a key added', a: { a: 1 }, b: { a: 1, b: { c: 2 } }, want: [['added', 'b', undefined, { c: 2 }]] },
  { name: 'a key removed', a: { a: 1, b: [1] }, b: { a: 1 }, want: [['removed', 'b', [1]]] },
  { name: 'null vs absent: removed', a: { a: null }, b: {}, want: [['removed', 'a', null]] },
  { name: 'absent vs null: added', a: {}, b: { a: null }, want: [['added', 'a', undefined, null]] },
  { name: 'a value changed to null is a type change', a: { a: 'x' }, b: { a: null }, want: [['type-changed', 'a', 'x', null]] },
  { name: 'number vs numeric string', a: { dealValue: 1250000 }, b: { dealValue: '1250000' }, want: [['type-changed', 'dealValue', 1250000, '1250000']] },
  { name: '1 and 1.0 are the same number', a: j('{"n":1}'), b: j('{"n":1.0}'), want: [] },
  { name: 'boolean changed', a: { isField: true }, b: { isField: false }, want: [['changed', 'isField', true, false]] },
  { name: 'empty string vs null', a: { d: '' }, b: { d: null }, want: [['type-changed', 'd', '', null]] },
  { name: 'object vs array', a: { a: {} }, b: { a: [] }, want: [['type-changed', 'a', {}, []]] },
  { name: 'root scalars', a: 1, b: 2, want: [['changed', '(root)', 1, 2]] },
  { name: 'root types', a: [1], b: { 0: 1 }, want: [['type-changed', '(root)', [1], { 0: 1 }]] },
  {
    name: 'arrays by index: shrink',
    a: { trades: ['Solar', 'Battery Storage', 'Roofing'] },
    b: { trades: ['Solar', 'Roofing'] },
    want: [
      ['changed', 'trades[1]', 'Battery Storage', 'Roofing'],
      ['removed', 'trades[2]', 'Roofing'],
    ],
  },
  {
    name: 'arrays by index: grow',
    a: { t: [1] },
    b: { t: [1, 2, 3] },
    want: [
      ['added', 't[1]', undefined, 2],
      ['added', 't[2]', undefined, 3],
    ],
  },
  { name: 'arrays by index: order matters', a: [1, 2], b: [2, 1], want: [['changed', '[0]', 1, 2], ['changed', '[1]', 2, 1]] },
  { name: 'nested arrays', a: { g: [[1, 2], [3]] }, b: { g: [[1, 2], [3, 4]] }, want: [['added', 'g[1][1]', undefined, 4]] },
  {
    name: 'arrays by key: reordered items pair up',
    a: { items: [{ id: 1, v: 'a' }, { id: 2, v: 'b' }] },
    b: { items: [{ id: 2, v: 'B' }, { id: 1, v: 'a' }] },
    keys: ['id'],
    want: [['changed', 'items[id=2].v', 'b', 'B']],
  },
  {
    name: 'arrays by key: added and removed items',
    a: { items: [{ id: 1 }, { id: 2 }, { id: 3 }] },
    b: { items: [{ id: 3 }, { id: 4 }, { id: 1 }] },
    keys: ['id'],
    want: [
      ['removed', 'items[id=2]', { id: 2 }],
      ['added', 'items[id=4]', undefined, { id: 4 }],
    ],
  },
  {
    name: 'arrays by key: 5 and "5" are different ids',
    a: { items: [{ id: 5 }] },
    b: { items: [{ id: '5' }] },
    keys: ['id'],
    want: [
      ['removed', 'items[id=5]', { id: 5 }],
      ['added', 'items[id="5"]', undefined, { id: '5' }],
    ],
  },
  {
    name: 'arrays by key: the first key every item has wins',
    a: { items: [{ uid: 'x', n: 1 }] },
    b: { items: [{ uid: 'x', n: 2 }] },
    keys: ['id', 'uid'],
    want: [['changed', 'items[uid="x"].n', 1, 2]],
  },
  {
    name: 'unicode keys and values',
    a: { record: { café: 'Zo\u00eb', 'odd key': '☀️', '': 1, 'a.b': 1 } },
    b: { record: { café: 'Zoe\u0308', 'odd key': '🔋', '': 2, 'a.b': 2 } },
    // Zoë precomposed (NFC) vs e + combining diaeresis (NFD): equal on screen, different bytes.
    want: [
      ['changed', 'record["café"]', 'Zo\u00eb', 'Zoe\u0308'],
      ['changed', 'record["odd key"]', '☀️', '🔋'],
      ['changed', 'record[""]', 1, 2],
      ['changed', 'record["a.b"]', 1, 2],
    ],
  },
  { name: '__proto__ is an ordinary key', a: j('{"__proto__":{"x":1}}'), b: j('{}'), want: [['removed', '__proto__', { x: 1 }]] },
  // Items of an array go through the small-subtree shortcut first: it must see what the walk sees.
  { name: 'small subtrees: same key count, other keys', a: { l: [{ a: 1, b: 2 }] }, b: { l: [{ a: 1, c: 2 }] }, want: [['removed', 'l[0].b', 2], ['added', 'l[0].c', undefined, 2]] },
  { name: 'small subtrees: one key more', a: { l: [{ a: 1 }] }, b: { l: [{ a: 1, b: null }] }, want: [['added', 'l[0].b', undefined, null]] },
  { name: 'small subtrees: __proto__ is a key there too', a: j('{"l":[{"__proto__":1,"x":1}]}'), b: j('{"l":[{"__proto__":2,"x":1}]}'), want: [['changed', 'l[0].__proto__', 1, 2]] },
  { name: 'small subtrees: inherited names are not keys there either', a: j('{"l":[{}]}'), b: j('{"l":[{"toString":1}]}'), want: [['added', 'l[0].toString', undefined, 1]] },
  { name: 'inherited names are not keys', a: {}, b: j('{"toString":1,"constructor":2}'), want: [['added', 'toString', undefined, 1], ['added', 'constructor', undefined, 2]] },
  {
    name: 'ignore: exact path',
    a: { event: { eventId: 1, recordId: 7 } },
    b: { event: { eventId: 2, recordId: 8 } },
    ignore: ['event.eventId'],
    want: [['changed', 'event.recordId', 7, 8]],
  },
  {
    name: 'ignore: ** at any depth, also on added and removed keys',
    a: { updatedAt: 1, record: { updatedAt: 1, stage: { updatedAt: 1 } } },
    b: { updatedAt: 2, record: { stage: { updatedAt: 3, name: 'x' } } },
    ignore: ['**.updatedAt'],
    want: [['added', 'record.stage.name', undefined, 'x']],
  },
  {
    name: 'ignore: * is exactly one level',
    a: { record: { id: 1, stage: { id: 1, sub: { id: 1 } } } },
    b: { record: { id: 2, stage: { id: 2, sub: { id: 2 } } } },
    ignore: ['record.*.id'],
    want: [
      ['changed', 'record.id', 1, 2],
      ['changed', 'record.stage.sub.id', 1, 2],
    ],
  },
  {
    name: 'ignore: array items by index and by [*]',
    a: { t: ['a', 'b'], u: [{ x: 1 }, { x: 1 }] },
    b: { t: ['A', 'B'], u: [{ x: 2 }, { x: 2 }] },
    ignore: ['t[0]', 'u[*].x'],
    want: [['changed', 't[1]', 'b', 'B']],
  },
  {
    name: 'ignore: quoted keys',
    a: { record: { 'odd key': 1, n: 1 } },
    b: { record: { 'odd key': 2, n: 2 } },
    ignore: ['record["odd key"]'],
    want: [['changed', 'record.n', 1, 2]],
  },
  {
    name: 'ignore: keyed items by *',
    a: { items: [{ id: 1, at: 'x' }] },
    b: { items: [{ id: 1, at: 'y' }] },
    keys: ['id'],
    ignore: ['items.*.at'],
    want: [],
  },
];

describe('diffValues', () => {
  it.each(cases)('$name', ({ a, b, keys, ignore, want }) => {
    const result = diffValues(a, b, { arrayKeys: keys, ignore: ignore ? compileMatcher(ignore) : null });
    expect(rows(result.changes)).toEqual(want);
  });

  it.each(cases.filter((c) => !c.ignore))('the patch for "$name" turns a into b', ({ a, b, keys }) => {
    const { changes } = diffValues(a, b, { arrayKeys: keys });
    const patched = applyPatch(a, toJsonPatch(changes));
    // With --array-key item order is not a difference, so the patch keeps a's order.
    if (keys) expect(diffValues(patched, b, { arrayKeys: keys }).changes).toEqual([]);
    else expect(patched).toEqual(b);
  });

  it('finds one change in a large subtree, and none in a large equal one', () => {
    // Beyond the small-subtree shortcut (64 nodes): the ordinary walk must take over.
    const big = () => ({ list: Array.from({ length: 300 }, (_, i) => ({ id: i, tags: ['a', 'b'], o: { n: i } })) });
    const a = big();
    const b = big();
    expect(diffValues(a, b).changes).toEqual([]);
    b.list[250].o.n = -1;
    (b.list[3] as Record<string, unknown>).extra = true;
    expect(rows(diffValues(a, b).changes)).toEqual([
      ['added', 'list[3].extra', undefined, true],
      ['changed', 'list[250].o.n', 250, -1],
    ]);
  });

  it('gives type names with each type change', () => {
    const [c] = diffValues({ a: 1 }, { a: '1' }).changes;
    expect([c.oldType, c.newType]).toEqual(['number', 'string']);
  });

  it('notes arrays that cannot be paired by the key, and compares them by index', () => {
    const a = { items: [{ id: 1 }, { id: 1 }] };
    const b = { items: [{ id: 1 }, { id: 2 }] };
    const r = diffValues(a, b, { arrayKeys: ['id'] });
    expect(rows(r.changes)).toEqual([['changed', 'items[1].id', 1, 2]]);
    expect(r.notes).toEqual(['items: compared by index, as not every item has a unique "id"']);
    expect(diffValues({ t: ['a'] }, { t: ['b'] }, { arrayKeys: ['id'] }).notes).toEqual([]);
  });

  it('ignores what --ignore-volatile names and nothing else', () => {
    const a = { event: { eventId: 1, firedAt: 'x', recordId: 1 }, record: { createdAt: 1, updatedAt: 1, title: 'a' }, workOrder: { modifiedAt: 1 } };
    const b = { event: { eventId: 2, firedAt: 'y', recordId: 1 }, record: { createdAt: 2, updatedAt: 2, title: 'b' }, workOrder: { modifiedAt: 2 } };
    const r = diffValues(a, b, { ignore: compileMatcher(VOLATILE_PATTERNS) });
    expect(rows(r.changes)).toEqual([['changed', 'record.title', 'a', 'b']]);
  });
});
