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

  it.each(['__proto__.problem', 'a.__proto__', 'record["__proto__"].x', 'constructor.prototype.x', 'a.prototype', 'a["constructor"]'])(
    'refuses the prototype keys in %j',
    (path) => {
      expect(() => parseSetPath(path)).toThrow(/"(__proto__|constructor|prototype)" is not allowed/);
    },
  );

  it('is the shared path notation: a wildcard names no single place to set', () => {
    expect(() => parseSetPath('record.trades[*]')).toThrow(/^--set path "record\.trades\[\*\]": a wildcard/);
    expect(parseSetPath('record.café')).toEqual(['record', 'café']);
  });

  it('names the option that gave the path', () => {
    expect(() => parseSet('a..b=1', true)).toThrow(/^--set-new path "a\.\.b": empty key/);
    expect(() => parseSet('__proto__.x=1', true)).toThrow(/^--set-new path/);
    expect(parseSet('a.b=1', true)).toMatchObject({ create: true, segments: ['a', 'b'] });
    expect(parseSet('a.b=1')).toMatchObject({ create: false });
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
    expect(parseSet('record["a=b"]=1')).toMatchObject({ path: 'record["a=b"]', segments: ['record', 'a=b'], value: 1 });
    expect(parseSet('record["q\\"]=x"]="v"')).toMatchObject({ segments: ['record', 'q"]=x'], value: 'v' });
    expect(parseSet('record.say"hi=1')).toMatchObject({ segments: ['record', 'say"hi'], value: 1 });
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
  it('suggests the scheme a host written without one needs', () => {
    expect(() => parseTarget('localhost:3000/hook')).toThrow('--to needs a scheme: did you mean http://localhost:3000/hook ?');
    expect(() => parseTarget('127.0.0.1:3000')).toThrow(/did you mean http:\/\/127\.0\.0\.1:3000 \?/);
    expect(() => parseTarget('[::1]:3000/x')).toThrow(/did you mean http:\/\/\[::1\]:3000\/x \?/);
    expect(() => parseTarget('staging.example.com/hook?token=s3cret')).toThrow('did you mean https://staging.example.com/hook?token=*** ?');
    expect(() => parseTarget('mailto:x')).toThrow(/--to must be an http:\/\/ or https:\/\/ URL/);
    expect(() => parseTarget('not a url')).toThrow(/not a URL/);
  });
});
