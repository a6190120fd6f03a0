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

  it('reads each candidate in place: what follows it in the URL never completes a match', () => {
    const cases: [string, string][] = [['/ab?c', 'ab?c'], ['/?token=ab&c', 'ab&c'], ['/hooks/ab', 'ab/'], ['/?token=ab', 'ab\0'], ['ab', 'ab?'], ['/x?token=ab&token=', 'ab&token=']];
    for (const [target, token] of cases) expect(tokenMatches(target, token), `${target} ${token}`).toBe(false);
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('https://example.com/hooks/abc?x=1', 'abc')).toBe(true);
  });

  it('reads the query as URLSearchParams does, with or without anything to decode', () => {
    const queries = ['token=abc', '?token=abc', '??token=abc', 'token', 'token=', 'x=1&&token=abc&', 'token=abc&token=x', 'token=ab=c', 'tok=abc', 'token=abc#f'];
    for (const base of queries) {
      // The same query with something to decode takes URLSearchParams' own path.
      for (const q of [base, `${base}&x=%20`, `${base}&x=+`]) {
        const read = new URLSearchParams(q).getAll('token');
        for (const token of ['abc', 'ab=c', 'abc#f', 'x']) expect(tokenMatches(`/hooks?${q}`, token), `${q} ${token}`).toBe(read.includes(token));
      }
    }
    expect(tokenMatches('/hooks?token=a+b%21', 'a b!')).toBe(true);
  });
});
