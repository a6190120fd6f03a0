import { describe, expect, it } from 'vitest';
import { compileMatcher, PatternError } from '../../../../src/core/diff/pathPattern.js';
import { formatPath } from '../../../../src/core/path/formatPath.js';
import { EVERY_ELEMENT, type Segment } from '../../../../src/core/path/pathSegment.js';

function ignored(patterns: string[], path: Segment[]): boolean {
  const m = compileMatcher(patterns);
  let state = m.start;
  for (const seg of path) {
    const next = m.step(state, seg);
    if (next === null) return true;
    state = next;
  }
  return false;
}

describe('--ignore patterns', () => {
  it.each<[string, Segment[], boolean]>([
    ['event.eventId', ['event', 'eventId'], true],
    ['event.eventId', ['event', 'eventIds'], false],
    ['event.eventId', ['record', 'eventId'], false],
    ['event', ['event', 'currentStage', 'name'], true],
    ['**.updatedAt', ['updatedAt'], true],
    ['**.updatedAt', ['record', 'stage', 'updatedAt'], true],
    ['**.updatedAt', ['record', 'updatedAt', 'x'], true],
    ['**.updatedAt', ['record', 'updatedAtX'], false],
    ['record.**.id', ['record', 'id'], true],
    ['record.**.id', ['record', 'a', 'b', 'id'], true],
    ['record.**.id', ['event', 'a', 'id'], false],
    ['record.*.id', ['record', 'stage', 'id'], true],
    ['record.*.id', ['record', 'id'], false],
    ['record.*.id', ['record', 'stage', 'sub', 'id'], false],
    ['record.trades[1]', ['record', 'trades', 1], true],
    ['record.trades[1]', ['record', 'trades', 0], false],
    ['record.trades.1', ['record', 'trades', 1], true],
    ['record.trades[*]', ['record', 'trades', 7], true],
    ['items.*.at', ['items', { key: 'id', value: 3 }, 'at'], true],
    ['items[*].at', ['items', EVERY_ELEMENT, 'at'], true],
    ['items[0].at', ['items', EVERY_ELEMENT, 'at'], false],
    ['record["odd key"]', ['record', 'odd key'], true],
    ['record["a.b"].c', ['record', 'a.b', 'c'], true],
    ['record["a.b"].c', ['record', 'a', 'b', 'c'], false],
    ['["\\"q\\"]"]', ['"q"]'], true],
    ['record.café', ['record', 'café'], true],
  ])('%s on %j: %s', (pattern, path, want) => {
    expect(ignored([pattern], path)).toBe(want);
  });

  it('matches if any of several patterns does', () => {
    expect(ignored(['a.b', '**.c'], ['x', 'c'])).toBe(true);
    expect(ignored(['a.b', '**.c'], ['a', 'b'])).toBe(true);
    expect(ignored(['a.b', '**.c'], ['a', 'x'])).toBe(false);
  });

  it('accepts every path diff prints', () => {
    const path: Segment[] = ['record', 'odd key', 'trades', 2, 'café', 'a.b', ''];
    expect(ignored([formatPath(path)], path)).toBe(true);
  });

  it.each([
    ['', /empty/],
    ['a..b', /empty key/],
    ['a.', /ends with/],
    ['a[', /unclosed/],
    ['a["x', /unclosed/],
    ["a[x]", /\[number\], \[\*\], \["key"\] or \[key=value\]/],
    ['a["\\q"]', /not a JSON string/],
  ])('rejects %j', (pattern, message) => {
    expect(() => compileMatcher([pattern])).toThrow(PatternError);
    expect(() => compileMatcher([pattern])).toThrow(message);
  });

  it('refuses a pattern that ignores the whole document', () => {
    expect(() => compileMatcher(['**'])).toThrow(/whole document/);
  });

  it('reuses states, so ignoring costs no allocation per node', () => {
    const m = compileMatcher(['**.updatedAt']);
    const s1 = m.step(m.start, 'record');
    expect(s1).toBe(m.start);
    expect(m.step(s1!, 5)).toBe(m.start);
  });
});

describe('--ignore takes the keyed paths that --array-key prints', () => {
  const keyed = (key: string, value: string | number): Segment => ({ key, value });
  it.each<[string, Segment[], boolean]>([
    ['items[id=3].p', ['items', keyed('id', 3), 'p'], true],
    ['items[id=3].p', ['items', keyed('id', 4), 'p'], false],
    ['items[id=3].p', ['items', keyed('id', '3'), 'p'], false],
    ['items[id="3"].p', ['items', keyed('id', '3'), 'p'], true],
    ['items[id="a]b"]', ['items', keyed('id', 'a]b'), 'x'], true],
    ['items["odd key"=1]', ['items', keyed('odd key', 1)], true],
    ['items[sku=-1.5]', ['items', keyed('sku', -1.5)], true],
    ['items[*].p', ['items', keyed('id', 3), 'p'], true],
    ['items[3].p', ['items', keyed('id', 3), 'p'], false],
  ])('%s vs %j -> %s', (pattern, path, expected) => {
    expect(ignored([pattern], path)).toBe(expected);
    // The printed form of the path is itself a pattern that ignores it.
    if (expected && !pattern.includes('*')) expect(ignored([formatPath(path.slice(0, pattern.split('.').length))], path)).toBe(true);
  });

  it('tells keyed segments apart when several are seen from one state', () => {
    const m = compileMatcher(['items[id=3]']);
    const at = m.step(m.start, 'items')!;
    expect(m.step(at, { key: 'id', value: 4 })).not.toBeNull();
    expect(m.step(at, { key: 'id', value: 3 })).toBeNull();
    expect(m.step(at, { key: 'id', value: 4 })).not.toBeNull();
  });

  it.each(['items[id=]', 'items[=3]', 'items[id=3', 'items[id="x]'])('rejects %s', (p) => {
    expect(() => compileMatcher([p])).toThrow(PatternError);
  });
});
