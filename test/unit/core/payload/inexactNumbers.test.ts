import { describe, expect, it } from 'vitest';
import { holdsInexactNumber, mayHoldInexactNumber } from '../../../../src/core/payload/inexactNumbers.js';

/** What the screen must let through: a run of 16 digits or dots, or a digit followed by e/E. */
const reference = (text: string) => /[\d.]{16}|\d[eE]/.test(text);

describe('mayHoldInexactNumber (the screen)', () => {
  it.each([
    ['{"a":1e5}', true],
    ['{"a":12345678901234567}', true],
    ['{"a":1234567.890123456}', true],
    ['{"a":"x","b":[1,2,3],"c":12345678901}', false],
    ['{"a":"caf\u00e9 \u00e9t\u00e9 5\u00e9"}', false],
    ['{"a":"5\u5000 5\u5000\u5000\u5000 \u00b5\u00b9\u00b9\u00b9\u00b9\u00b9\u00b9\u00b9\u00b9"}', false],
    // Full-width and Arabic-Indic digits are not JSON digits.
    ['{"a":"\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19\uff10\uff11\uff12\uff13\uff14\uff15\uff16 \u0661e"}', false],
    ['{"a":1234567.8901234,"b":"123456789012345"}', false],
    ['x'.repeat(33) + '9E1', true],
    ['9e1' + 'x'.repeat(33), true],
    ['', false],
  ])('%j -> %s', (text, want) => {
    expect(mayHoldInexactNumber(text)).toBe(want);
  });

  it('lets through exactly what the counted pattern finds (random text)', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = '0123456789.eE"x -+,:\u00e9';
    for (let n = 0; n < 3000; n++) {
      let text = '';
      const len = Math.floor(rand() * 60);
      for (let i = 0; i < len; i++) text += alphabet[Math.floor(rand() * alphabet.length)];
      expect(mayHoldInexactNumber(text), text).toBe(reference(text));
    }
  });
});

describe('holdsInexactNumber', () => {
  it.each([
    ['{"n":9007199254740993}', true],
    ['[1e400]', true],
    ['{"n":1e2,"m":0.30000000000000004}', false],
    ['{"id":"9007199254740993","uuid":"550e8400-e29b-41d4"}', false],
    ['{"s":"a\\"9007199254740993\\\\","n":9007199254740993}', true],
    ['{"s":"a\\"9007199254740993"}', false],
    ['{"s":"\\\\","n":1}', false],
  ])('%s -> %s', (text, want) => {
    expect(holdsInexactNumber(text)).toBe(want);
  });
});
