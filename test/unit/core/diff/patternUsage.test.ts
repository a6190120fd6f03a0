import { describe, expect, it } from 'vitest';
import { PatternUsage } from '../../../../src/core/diff/patternUsage.js';
import { readJson } from '../../../../src/core/payload/jsonReader.js';
import { numberOf } from '../../../../src/core/payload/exactNumber.js';

describe('PatternUsage', () => {
  it('names the patterns that matched nothing in any payload seen', () => {
    const u = new PatternUsage(['a.b', '**.z', 'list[1]', 'list[id=2]', 'list[*].q', 'nope']);
    u.see({ a: { b: 1 }, list: [{ id: 1 }] });
    expect(u.unmatched()).toEqual(['**.z', 'list[1]', 'list[id=2]', 'list[*].q', 'nope']);
    u.see({ deep: [{ z: null }], list: [{ id: 1 }, { id: 2, q: 0 }] });
    expect(u.unmatched()).toEqual(['nope']);
  });

  it('does not look inside a number kept as written', () => {
    const u = new PatternUsage(['**.text', '**.value']);
    u.see(readJson('{"n":1e400}', numberOf));
    expect(u.unmatched()).toEqual(['**.text', '**.value']);
  });
});
