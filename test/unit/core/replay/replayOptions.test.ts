import { describe, expect, it } from 'vitest';
import { parseExpect, parseHeaderArg, parseSet, parseSetPath, parseTarget } from '../../../../src/core/replay/replayOptions.js';

describe('parseSetPath', () => {
  it('reads dotted keys, array indexes and quoted keys', () => {
    expect(parseSetPath('event.currentStage.name')).toEqual(['event', 'currentStage', 'name']);
    expect(parseSetPath('record.trades[0]')).toEqual(['record', 'trades', 0]);
    expect(parseSetPath('a[2][3].b')).toEqual(['a', 2, 3, 'b']);
    expect(parseSetPath('record["odd.key"].x')).toEqual(['record', 'odd.key', 'x']);
    expect(parseSetPath('a.0')).toEqual(['a', '0']);
  });

  it.each([
    ['', /empty path/],
    ['a..b', /empty key/],
    ['.a', /empty key/],
    ['a.', /ends with "\."/],
    ['a[1', /unclosed "\["/],
    ['a[x]', /expected \[number\] or \["key"\], got \[x\]/],
    ['a[1]b', /unexpected "b" after "\]"/],
  ])('rejects %j', (path, message) => {
    expect(() => parseSetPath(path)).toThrow(message);
  });
});

describe('parseSet', () => {
  it('parses the value as JSON when it parses, else keeps the string', () => {
    expect(parseSet('event.currentStage.name=PTO').value).toBe('PTO');
    expect(parseSet('event.eventId=42').value).toBe(42);
    expect(parseSet('a=true').value).toBe(true);
    expect(parseSet('a=null').value).toBeNull();
    expect(parseSet('a={"id":1}').value).toEqual({ id: 1 });
    expect(parseSet('a="42"').value).toBe('42');
    expect(parseSet('a=').value).toBe('');
    expect(parseSet('a=x=y').value).toBe('x=y');
  });

  it('needs PATH=VALUE', () => {
    expect(() => parseSet('event.name')).toThrow(/--set must look like PATH=VALUE/);
    expect(() => parseSet('=3')).toThrow(/--set must look like PATH=VALUE/);
  });
});

describe('parseExpect', () => {
  it('accepts classes, codes and ranges', () => {
    const e = parseExpect('2xx, 409,300-302');
    expect([200, 299, 409, 300, 302].every(e.test)).toBe(true);
    expect([199, 303, 404, 500].some(e.test)).toBe(false);
    expect(e.text).toBe('2xx,409,300-302');
  });
  it.each(['', '2yy', '99', '600', '300-200', 'abc'])('rejects %j', (spec) => {
    expect(() => parseExpect(spec)).toThrow(/--expect/);
  });
});

describe('parseHeaderArg', () => {
  it('splits at the first colon and lower-cases the name', () => {
    expect(parseHeaderArg('X-Env: staging')).toEqual(['x-env', 'staging']);
    expect(parseHeaderArg('Authorization:Bearer a:b')).toEqual(['authorization', 'Bearer a:b']);
  });
  it.each(['no colon', ': value', 'bad name: x'])('rejects %j', (arg) => {
    expect(() => parseHeaderArg(arg)).toThrow(/--header must look like "Name: value"/);
  });
});

describe('parseTarget', () => {
  it('accepts http(s) only and redacts what it echoes', () => {
    expect(parseTarget('http://127.0.0.1:3000/hook').port).toBe('3000');
    expect(() => parseTarget(undefined)).toThrow(/no target/);
    expect(() => parseTarget('ftp://x/')).toThrow(/http:\/\/ or https:\/\//);
    expect(() => parseTarget('nope?token=s3cret')).toThrow(/not a URL: "nope\?token=\*\*\*"/);
  });
});
