import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExactNumber, numberOf } from '../../../../src/core/payload/exactNumber.js';
import { jsonErrorOffset } from '../../../../src/core/payload/json.js';
import { JsonSyntaxError, readJson } from '../../../../src/core/payload/jsonReader.js';
import { SAMPLES } from '../../../helpers/cli.js';

describe('readJson', () => {
  it('reads what JSON.parse reads, the bundled samples included', () => {
    for (const file of readdirSync(SAMPLES).filter((f) => f.endsWith('.json'))) {
      const text = readFileSync(path.join(SAMPLES, file), 'utf8');
      expect(readJson(text), file).toEqual(JSON.parse(text));
    }
    for (const text of ['0', '-0.5e-3', '"\\u00e9\\n\\"x\\""', '[]', '{}', ' [ 1 , [ ] , { "a" : { } } ] ', '{"a":1,"a":2,"b":3}', 'null', 'true']) {
      expect(readJson(text)).toEqual(JSON.parse(text));
    }
  });

  it('keeps an own "__proto__" key as a key, as JSON.parse does', () => {
    const v = readJson('{"__proto__":{"polluted":1},"a":1}') as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads a document nested 100,000 deep without overflowing the stack', () => {
    const depth = 100_000;
    const v = readJson('['.repeat(depth) + '1' + ']'.repeat(depth));
    let x: unknown = v;
    for (let i = 0; i < depth; i++) x = (x as unknown[])[0];
    expect(x).toBe(1);
  });

  it('finds the error in a malformed document nested 100,000 deep', () => {
    expect(jsonErrorOffset('['.repeat(100_000) + 'x')).toBe(100_000);
  });

  it('hands every number literal over as written', () => {
    const seen: string[] = [];
    readJson('{"a":[1,-2.50,3e2,1E400],"b":9007199254740993}', (lit) => (seen.push(lit), Number(lit)));
    expect(seen).toEqual(['1', '-2.50', '3e2', '1E400', '9007199254740993']);
  });

  it.each([
    ['{"a": tru\n}', 9],
    ['{"a":1,}', 7],
    ['[1,]', 3],
    ['{"a" 1}', 5],
    ['{"a":1', 6],
    ['"a\\x"', 3],
    ['"\\u12G4"', 5],
    ['"a\u0001"', 2],
    ['01', 1],
    ['1.', 1],
    ['-', 0],
    ['{"a":1} x', 8],
    ['[1 2]', 3],
    ['{1:2}', 1],
  ])('says where %j breaks: offset %i', (text, offset) => {
    expect(() => readJson(text)).toThrow(JsonSyntaxError);
    expect(jsonErrorOffset(text)).toBe(offset);
  });
});

describe('numberOf', () => {
  it.each(['0', '-0', '1', '1.0', '1e2', '0.1', '123456789012345', '9007199254740992', '0.30000000000000004', '1e21', '1.5e-7', '5e-324'])(
    '%s fits a double',
    (lit) => expect(numberOf(lit)).toBe(Number(lit)),
  );

  it.each(['9007199254740993', '1e400', '-1e400', '1e-400', '0.10000000000000001', '123456789.123456789', '1' + '0'.repeat(400)])(
    '%s does not: kept as written',
    (lit) => {
      const n = numberOf(lit);
      expect(n).toBeInstanceOf(ExactNumber);
      expect(String(n)).toBe(lit);
    },
  );

  it('compares kept numbers by value, not by spelling', () => {
    const x = (lit: string) => numberOf(lit) as ExactNumber;
    expect(x('1e400').equals(x('10E399'))).toBe(true);
    expect(x('1e400').equals(x('1.0e+400'))).toBe(true);
    expect(x('1e400').equals(x('2e400'))).toBe(false);
    expect(x('1e400').equals(x('-1e400'))).toBe(false);
    expect(x('9007199254740993').equals(x('9007199254740993.0'))).toBe(true);
  });
});
