import { describe, expect, it } from 'vitest';
import { printable, quote } from '../../../../src/core/text/printable.js';

describe('printable', () => {
  it.each<[string, string]>([
    ['plain text, café, 日本', 'plain text, café, 日本'],
    ['a\nb', 'a\\nb'],
    ['a\r\nb\tc', 'a\\r\\nb\\tc'],
    ['\u001b[2J\u001b]0;owned\u0007', '\\x1b[2J\\x1b]0;owned\\x07'],
    ['\u0000\u007f', '\\x00\\x7f'],
    ['\u009b31m\u0085\u0080\u009f', '\\x9b31m\\x85\\x80\\x9f'],
    ['abc\u202edef\u2066\u2069\u200e\u200f\u061c', 'abc\\u202edef\\u2066\\u2069\\u200e\\u200f\\u061c'],
    ['line\u2028para\u2029', 'line\\u2028para\\u2029'],
  ])('%j -> %s', (raw, shown) => {
    expect(printable(raw)).toBe(shown);
  });

  it('leaves nothing that drives a terminal or reorders text', () => {
    const all = Array.from({ length: 0x3000 }, (_, i) => String.fromCharCode(i)).join('');
    expect(printable(all)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/);
  });

  it('is the same on repeated calls (no regex state kept between them)', () => {
    expect(printable('x\ny')).toBe('x\\ny');
    expect(printable('x\ny')).toBe('x\\ny');
  });
});

describe('quote', () => {
  it('is a JSON string literal with C1 controls and bidi characters escaped too', () => {
    const raw = 'a\u001bb\u009bc\u202ed\n';
    expect(quote(raw)).toBe('"a\\u001bb\\u009bc\\u202ed\\n"');
    expect(JSON.parse(quote(raw))).toBe(raw);
  });
});
