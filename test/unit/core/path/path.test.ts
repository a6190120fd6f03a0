import { describe, expect, it } from 'vitest';
import { formatPath, showPath } from '../../../../src/core/path/formatPath.js';
import { pointerToSegments, toPointer } from '../../../../src/core/path/jsonPointer.js';
import { parsePath, parsePattern } from '../../../../src/core/path/parsePath.js';
import { PathError } from '../../../../src/core/path/tokenizePath.js';
import type { PlainSegment, Segment } from '../../../../src/core/path/pathSegment.js';

describe('formatPath', () => {
  it.each<[Segment[], string]>([
    [[], ''],
    [['event', 'currentStage', 'name'], 'event.currentStage.name'],
    [['record', 'trades', 1], 'record.trades[1]'],
    [['record', 'odd key'], 'record["odd key"]'],
    [['odd key', 'x'], '["odd key"].x'],
    [[0, 'a'], '[0].a'],
    [['record', '$x', '_y', 'a1'], 'record.$x._y.a1'],
    // Only ASCII identifiers go bare: look-alike letters and joiners must not pass for plain keys.
    [['record', 'é'], 'record["é"]'],
    [['record', 'a\u200db'], 'record["a\\u200db"]'],
    [['record', 'p\u0430y'], 'record["pаy"]'],
    [['a', '1x', '-', ''], 'a["1x"]["-"][""]'],
    [['a', '*', '**'], 'a["*"]["**"]'],
    [['items', { key: 'id', value: 42 }, 'price'], 'items[id=42].price'],
    [['items', { key: 'id', value: 'ab"c' }], 'items[id="ab\\"c"]'],
    [['items', { key: 'odd key', value: -1.5 }], 'items["odd key"=-1.5]'],
    [['trades', { element: true }, 'name'], 'trades[*].name'],
    [['a', 'line\nbreak\u001b[31m\u009b\u202e'], 'a["line\\nbreak\\u001b[31m\\u009b\\u202e"]'],
  ])('%j -> %s', (path, want) => {
    expect(formatPath(path)).toBe(want);
  });

  it('shows the whole document as (root) to people', () => {
    expect(showPath([])).toBe('(root)');
    expect(showPath(['(root)'])).toBe('["(root)"]');
  });
});

describe('parsePath reads what formatPath prints', () => {
  it.each<PlainSegment[]>([
    ['event', 'currentStage', 'name'],
    ['record', 'trades', 0],
    [0, 'a', 1, 2],
    ['record', 'odd.key', 'x'],
    ['record', 'é', 'a\u200db', '\u001b[2J', 'line\nbreak', '"q"]', ''],
    ['a', '*', '**', '[0]', 'x=1'],
  ])('%j', (...path) => {
    expect(parsePath(formatPath(path))).toEqual(path);
  });

  it('takes bare keys as typed, and a dotted number as a key', () => {
    expect(parsePath('record.café.odd key')).toEqual(['record', 'café', 'odd key']);
    expect(parsePath('a.0')).toEqual(['a', '0']);
    expect(parsePath('a[2][3].b')).toEqual(['a', 2, 3, 'b']);
  });

  it.each([
    ['', /^empty path$/],
    ['a..b', /empty key at offset 2/],
    ['.a', /empty key at offset 0/],
    ['a.', /ends with "\."/],
    ['a[1', /unclosed "\[" at offset 1/],
    ['a["x', /unclosed "\[" at offset 1/],
    ['a[x]', /expected \[number\] or \["key"\], got \[x\]/],
    ['a[-1]', /expected \[number\] or \["key"\], got \[-1\]/],
    ['a[1]b', /unexpected "b" after "\]" at offset 4/],
    ['a]b', /unexpected "\]"/],
    ['a["\\q"]', /"\\q" is not a JSON string/],
    ['a.*.b', /wildcard \("\*" at offset 2\)/],
    ['a.**', /wildcard \("\*\*" at offset 2\)/],
    ['a[*]', /wildcard \("\[\*\]" at offset 1\)/],
    ['items[id=3]', /\[id=…\] at offset 5 picks an item by key/],
  ])('rejects %j', (text, message) => {
    expect(() => parsePath(text)).toThrow(PathError);
    expect(() => parsePath(text)).toThrow(message);
  });

  it.each(['__proto__.polluted', 'a.constructor.prototype', 'record["__proto__"]', 'a.prototype', 'constructor'])(
    'refuses %j: it would reach a prototype (issue 8)',
    (text) => {
      expect(() => parsePath(text)).toThrow(/is not allowed in a path \(nor are (\w+) and (\w+)\)/);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );
});

describe('parsePattern', () => {
  it('adds * and ** to plain paths; quoted stars are keys', () => {
    expect(parsePattern('**.updatedAt')).toEqual([{ t: 'deep' }, { t: 'name', name: 'updatedAt' }]);
    expect(parsePattern('record.*.id')).toEqual([{ t: 'name', name: 'record' }, { t: 'any' }, { t: 'name', name: 'id' }]);
    expect(parsePattern('trades[*]')).toEqual([{ t: 'name', name: 'trades' }, { t: 'any' }]);
    expect(parsePattern('a["*"]')).toEqual([{ t: 'name', name: 'a' }, { t: 'name', name: '*' }]);
    expect(parsePattern('items[id="a]b"].x')).toEqual([{ t: 'name', name: 'items' }, { t: 'keyed', key: 'id', value: 'a]b' }, { t: 'name', name: 'x' }]);
    expect(parsePattern('items["odd key"=1e3]')).toEqual([{ t: 'name', name: 'items' }, { t: 'keyed', key: 'odd key', value: 1000 }]);
  });

  it.each([
    ['a[x]', /expected \[number\], \[\*\], \["key"\] or \[key=value\], got \[x\]/],
    ['items[id=]', /expected a number or a JSON string after "="/],
    ['items[=3]', /expected/],
    ['items[id=3', /unclosed/],
    ['items[id="x]', /unclosed/],
    ['  ', /empty path/],
  ])('rejects %j', (text, message) => {
    expect(() => parsePattern(text)).toThrow(message);
  });
});

describe('JSON Pointers', () => {
  it('escapes ~ and / (RFC 6901) both ways', () => {
    expect(toPointer(['record', 'a/~b', '0'])).toBe('/record/a~1~0b/0');
    expect(pointerToSegments('/record/a~1~0b/0')).toEqual(['record', 'a/~b', 0]);
    expect(pointerToSegments('')).toEqual([]);
    expect(pointerToSegments('/')).toEqual(['']);
    expect(pointerToSegments('/a/01')).toEqual(['a', '01']);
  });
});
