import { describe, expect, it } from 'vitest';
import { validLatLon } from '../../../../src/core/payload/crossChecks.js';

// What validLatLon replaced: a regex with captures and Number() of each side. It agrees with the
// hand reading wherever a double holds the value exactly (up to 15 significant digits).
const LATLON = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/;
function byRegex(s: string): boolean {
  const m = LATLON.exec(s);
  return m !== null && Math.abs(Number(m[1])) <= 90 && Math.abs(Number(m[2])) <= 180;
}

// A small deterministic generator: strings near the format and near the bounds.
let seed = 7;
const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)];
const SPACES = ['', '', ' ', '  ', '\t', '\u00a0', '\u2028', '\ufeff', '\u3000', '\u200b'];
const NOISE = ['', '', '', '', '.', '-', ',', 'e', 'x', '+', '..'];
function number(): string {
  const int = pick(['0', '9', '89', '90', '91', '179', '180', '181', '0090', '00', String(rand(400)), '']);
  const frac = pick(['', '', '.0', '.00', '.5', '.000001', '.', '.9', `.${rand(1000)}`]);
  return pick(['', '', '-', '--']) + int + frac;
}
function latLon(): string {
  return pick(SPACES) + number() + pick(NOISE) + pick(SPACES) + pick([',', ',', ',', ';', '']) + pick(SPACES) + number() + pick(NOISE) + pick(SPACES);
}

describe('validLatLon', () => {
  it.each([
    ['37.39,-122.15', true],
    [' 37.39 , -122.15 ', true],
    ['90,180', true],
    ['-90,-180', true],
    ['90.000,180.0', true],
    ['0090,0', true],
    ['\u00a037.4,\u2028-122.1\ufeff', true],
    ['90.01,0', false],
    ['0,180.5', false],
    ['137.39,-122.15', false],
    ['37.,1', false],
    ['.5,1', false],
    ['1,2,3', false],
    ['37.4', false],
    ['', false],
    ['-,1', false],
    ['1e1,1', false],
    ['Palo Alto', false],
    ['\u200b1,1', false],
  ])('%j is %s', (s, expected) => {
    expect(validLatLon(s)).toBe(expected);
    expect(byRegex(s)).toBe(expected);
  });

  it('agrees with the regex reading on 20,000 generated near misses', () => {
    let valid = 0;
    for (let k = 0; k < 20_000; k++) {
      const s = latLon();
      expect(validLatLon(s), JSON.stringify(s)).toBe(byRegex(s));
      if (byRegex(s)) valid++;
    }
    // Both answers came up often: the corpus tells the two apart.
    expect(valid).toBeGreaterThan(500);
    expect(valid).toBeLessThan(19_000);
  });

  it('decides the range on the digits, where a double would round', () => {
    expect(validLatLon('90.0000000000000001,0')).toBe(false);
    expect(Number('90.0000000000000001')).toBe(90);
    expect(validLatLon('89.9999999999999999999,179.99999999999999999')).toBe(true);
  });
});
