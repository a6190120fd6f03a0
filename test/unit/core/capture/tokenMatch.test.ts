import { describe, expect, it } from 'vitest';
import { endsWithToken, tokenMatches } from '../../../../src/core/capture/tokenMatch.js';

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
    const cases: [string, string][] = [['/h?tokenXab', 'ab'], ['/h?xtoken=ab', 'ab'], ['/ab?c', 'ab?c'], ['/?token=ab&c', 'ab&c'], ['/hooks/ab', 'ab/'], ['/?token=ab', 'ab\0'], ['ab', 'ab?'], ['/x?token=ab&token=', 'ab&token=']];
    for (const [target, token] of cases) expect(tokenMatches(target, token), `${target} ${token}`).toBe(false);
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('https://example.com/hooks/abc?x=1', 'abc')).toBe(true);
  });

  it('takes the short way for a URL that ends with its token parameter, and only then', () => {
    const codes = (token: string) => Array.from(token, (c) => c.charCodeAt(0));
    for (const target of ['/coperniq?token=abc', '?token=abc', 'https://h/x?a=1&token=abc', '/x?a=%20&token=abc']) expect(endsWithToken(target, codes('abc')), target).toBe(true);
    // No says nothing (the whole target is read then): a different parameter, another value, a '?'
    // inside the query, a '&' in the path, a token too long for the text.
    for (const target of ['/x?token=abd', '/x?xtoken=abc', '/x?tokenXabc', '/x?y?token=abc', '/x&token=abc', '/x??token=abc', 'token=abc', 'abc']) {
      expect(endsWithToken(target, codes('abc')), target).toBe(false);
    }
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
    // A token with a character decoding makes ('+' reads as ' ') is never compared with raw text;
    // nor is any query with an escape, in a value or in a name.
    expect(tokenMatches('/hooks?token=a+b', 'a b')).toBe(true);
    expect(tokenMatches('/hooks?token=a+b', 'a+b')).toBe(false);
    expect(tokenMatches('/hooks?token=%61bc', 'abc')).toBe(true);
    expect(tokenMatches('/hooks?tok%65n=abc', 'abc')).toBe(true);
  });

  it('agrees with decodeURIComponent and URLSearchParams on any target built from URL syntax', () => {
    // The model: the last segment of the path before the first '?', decoded, and the query's
    // `token` values as URLSearchParams reads them.
    const model = (target: string, token: string): boolean => {
      const q = target.indexOf('?');
      const path = q < 0 ? target : target.slice(0, q);
      const seg = path.slice(path.lastIndexOf('/') + 1);
      let decoded: string | null;
      try {
        decoded = decodeURIComponent(seg);
      } catch {
        decoded = null;
      }
      return (seg !== '' && decoded === token) || (q >= 0 && new URLSearchParams(target.slice(q + 1)).getAll('token').includes(token));
    };
    const parts = ['/', '?', '&', '=', 'token', 'token=', 'token=\uDC00', 'token=\uD800', 'tok', 'abc', 'token=abc', '/abc', 'a', 'b', 'a+b', '%61', '%', '%2', '+', '%20', '#', '\uD800', '\uDC00', 'é', 'x'];
    const tokens = ['abc', 'a', 'a b', 'a+b', 'token', 'ab=c', '=abc', 'abc#', 'a&b', 'b?', '\uFFFD', '\uD800', ''];
    // mulberry32: a seeded generator whose low bits are as random as its high ones.
    let seed = 12;
    const random = (n: number) => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) % n;
    };
    let matched = 0;
    for (let k = 0; k < 20_000; k++) {
      let target = '';
      for (let n = 1 + random(8); n > 0; n--) target += parts[random(parts.length)];
      const token = tokens[random(tokens.length)];
      const expected = model(target, token);
      if (expected) matched++;
      expect(tokenMatches(target, token), `${JSON.stringify(target)} ${JSON.stringify(token)}`).toBe(expected);
    }
    // Enough of both answers for the comparison to mean something.
    expect(matched).toBeGreaterThan(150);
  });
});
