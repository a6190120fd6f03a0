import { describe, expect, it } from 'vitest';
import { holdsInexactNumber, mayHoldInexactNumber } from '../../../../src/core/payload/inexactNumbers.js';

/** What the screen must let through: a run of 16 digits or dots, or a digit followed by e/E. */
const reference = (text: string) => /[\d.]{16}|\d[eE]/.test(text);

/** `text` at every alignment inside a larger buffer, as file reads and pooled buffers give it. */
function atEveryOffset(text: string): Uint8Array[] {
  const bytes = Buffer.from(text);
  return [0, 1, 2, 3, 4, 5, 6, 7].map((offset) => {
    const buf = Buffer.alloc(bytes.length + 16, 0x20);
    bytes.copy(buf, offset);
    return buf.subarray(offset, offset + bytes.length);
  });
}

describe('mayHoldInexactNumber (the screen)', () => {
  it.each([
    ['{"a":1e5}', true],
    ['{"a":12345678901234567}', true],
    ['{"a":1234567.890123456}', true],
    ['{"a":"x","b":[1,2,3],"c":12345678901}', false],
    ['{"a":"caf\u00e9 \u00e9t\u00e9 5\u00e9"}', false],
    // U+5000 is E5 80 80 in UTF-8: E5 is 'e' with the high bit set, and no exponent.
    ['{"a":"5\u5000 5\u5000\u5000\u5000 \u00b5\u00b9\u00b9\u00b9\u00b9\u00b9\u00b9\u00b9\u00b9"}', false],
    ['x'.repeat(33) + '9E1', true],
    ['9e1' + 'x'.repeat(33), true],
    ['', false],
  ])('%j -> %s at every alignment', (text, want) => {
    for (const bytes of atEveryOffset(text)) expect(mayHoldInexactNumber(bytes)).toBe(want);
  });

  it('never misses what the simple scan finds (random text, every alignment)', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = '0123456789.eE"x -+,:\u00e9';
    for (let n = 0; n < 3000; n++) {
      let text = '';
      const len = Math.floor(rand() * 60);
      for (let i = 0; i < len; i++) text += alphabet[Math.floor(rand() * alphabet.length)];
      if (!reference(text)) continue;
      for (const bytes of atEveryOffset(text)) expect(mayHoldInexactNumber(bytes), text).toBe(true);
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
