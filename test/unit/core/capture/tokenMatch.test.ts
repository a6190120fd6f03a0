import { describe, expect, it } from 'vitest';
import { tokenMatches } from '../../../../src/core/capture/tokenMatch.js';

describe('tokenMatches', () => {
  it('finds the token in the query or as the last path segment', () => {
    expect(tokenMatches('/?token=abc', 'abc')).toBe(true);
    expect(tokenMatches('/hooks?x=1&token=abc', 'abc')).toBe(true);
    expect(tokenMatches('/hooks/abc', 'abc')).toBe(true);
    expect(tokenMatches('/abc?x=1', 'abc')).toBe(true);
    expect(tokenMatches('/hooks/a%62c', 'abc')).toBe(true);
  });

  it('rejects near misses, other positions and other parameters', () => {
    for (const target of ['/', '/?token=ab', '/?token=abcd', '/abc/hooks', '/?key=abc', '/hooks/abc/', '/?token=', '/%E0%A4%A']) {
      expect(tokenMatches(target, 'abc'), target).toBe(false);
    }
  });
});
