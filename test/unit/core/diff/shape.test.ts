import { describe, expect, it } from 'vitest';
import { formatPath } from '../../../../src/core/path/formatPath.js';
import { compileMatcher } from '../../../../src/core/diff/pathPattern.js';
import { addToShape, diffShapes, emptyShape, shapeOf, typeNames } from '../../../../src/core/diff/shape.js';

const rows = (a: unknown, b: unknown, ignore?: string[]) =>
  diffShapes(shapeOf(a, ignore ? compileMatcher(ignore) : null), shapeOf(b, ignore ? compileMatcher(ignore) : null)).map((c) => [
    c.kind,
    formatPath(c.path),
    c.oldType ?? null,
    c.newType ?? null,
  ]);

describe('--shape', () => {
  it.each<[string, unknown, unknown, unknown[][]]>([
    ['values do not matter', { a: 1, s: 'x', t: [1, 2] }, { a: 2, s: 'y', t: [3] }, []],
    ['a field appeared', { a: 1 }, { a: 1, b: { c: 1 } }, [['added', 'b', null, 'object']]],
    ['a field disappeared (nothing listed below it)', { a: 1, b: { c: 1 } }, { a: 1 }, [['removed', 'b', 'object', null]]],
    ['a type changed', { dealValue: 1 }, { dealValue: '1' }, [['type-changed', 'dealValue', 'number', 'string']]],
    ['null is a type', { d: 'x' }, { d: null }, [['type-changed', 'd', 'string', 'null']]],
    ['array items merge into one shape', { t: [{ a: 1, b: 1 }, { b: 1 }] }, { t: [{ a: 2, b: 2 }, { b: 3 }, { a: 3, b: 4 }] }, []],
    ['a key in array items appeared', { t: [{ a: 1 }] }, { t: [{ a: 1 }, { a: 1, c: true }] }, [['added', 't[*].c', null, 'boolean']]],
    ['item types', { t: ['x'] }, { t: ['x', 1] }, [['type-changed', 't[*]', 'string', 'string|number']]],
    ['an empty list says nothing about items', { t: [] }, { t: [{ a: 1 }] }, []],
    ['object to array: one change, not a list of removals', { r: { a: 1 } }, { r: [1] }, [['type-changed', 'r', 'object', 'array']]],
    ['nested key in unicode', { r: { 'odd key': { é: 1 } } }, { r: { 'odd key': { é: 'x' } } }, [['type-changed', 'r["odd key"]["é"]', 'number', 'string']]],
  ])('%s', (_name, a, b, want) => {
    expect(rows(a, b)).toEqual(want);
  });

  it('leaves out ignored paths', () => {
    expect(rows({ r: { updatedAt: 1, t: [{ updatedAt: 1 }] } }, { r: { updatedAt: 'x', t: [{ updatedAt: 'x' }] } }, ['**.updatedAt'])).toEqual([]);
    expect(rows({ t: [{ x: 1 }] }, { t: [{ x: 'a' }] }, ['t[*].x'])).toEqual([]);
  });

  it('merges many payloads: a field seen in any of them is in the shape', () => {
    const s = emptyShape();
    addToShape(s, { d: null });
    addToShape(s, { d: 'x', e: 1 });
    expect(typeNames(s.types)).toBe('object');
    expect(typeNames(s.keys!.get('d')!.types)).toBe('string|null');
    expect(diffShapes(s, shapeOf({ d: 'y' })).map((c) => [c.kind, formatPath(c.path)])).toEqual([
      ['type-changed', 'd'],
      ['removed', 'e'],
    ]);
  });
});

describe('--shape counts how often a field is there (issue 9)', () => {
  const merged = (...values: unknown[]) => {
    const s = emptyShape();
    for (const v of values) addToShape(s, v);
    return s;
  };
  const ten = (make: (i: number) => unknown) => merged(...Array.from({ length: 10 }, (_, i) => make(i)));

  it('a field missing from some deliveries on one side became optional', () => {
    const a = ten(() => ({ record: { id: 1, phone: 'x' } }));
    const b = ten((i) => ({ record: i === 3 ? { id: 1 } : { id: 1, phone: 'x' } }));
    expect(diffShapes(a, b)).toEqual([
      { kind: 'became-optional', path: ['record', 'phone'], oldPresence: { count: 10, of: 10 }, newPresence: { count: 9, of: 10 } },
    ]);
    expect(diffShapes(b, a).map((c) => c.kind)).toEqual(['became-required']);
  });

  it('a field optional on both sides is no change, however often it is there', () => {
    const a = ten((i) => (i < 3 ? { n: 1 } : {}));
    const b = ten((i) => (i < 8 ? { n: 1 } : {}));
    expect(diffShapes(a, b)).toEqual([]);
  });

  it('counts within the objects that were there: null parents do not make a field optional', () => {
    const a = ten((i) => ({ address: i % 2 ? null : { city: 'x' } }));
    const b = ten(() => ({ address: { city: 'x' } }));
    expect(diffShapes(a, b).map((c) => [c.kind, formatPath(c.path)])).toEqual([['type-changed', 'address']]);
  });

  it('counts array items, and gives added and removed fields their presence', () => {
    const a = merged({ t: [{ a: 1 }, { a: 2 }] });
    const b = merged({ t: [{ a: 1 }, { a: 2, b: 1 }, {}] });
    expect(diffShapes(a, b)).toEqual([
      { kind: 'became-optional', path: ['t', { element: true }, 'a'], oldPresence: { count: 2, of: 2 }, newPresence: { count: 2, of: 3 } },
      { kind: 'added', path: ['t', { element: true }, 'b'], newType: 'number', newPresence: { count: 1, of: 3 } },
    ]);
  });
});
