import { isExact } from './exactNumber.js';

/**
 * Finding the number literals a double cannot hold without slowing down the usual payload, which
 * has none: such a literal has 16 or more digits or an exponent, so the bytes are first screened
 * for a run of digits and dots or a digit followed by e/E, four bytes at a time; only text that
 * passes is read for its actual number literals.
 */
export function mayHoldInexactNumber(bytes: Uint8Array): boolean {
  const start = (4 - (bytes.byteOffset & 3)) & 3;
  const words = bytes.length > start ? (bytes.length - start) >>> 2 : 0;
  const end = start + words * 4;
  // The few bytes outside the aligned words, with a word's overlap either side for an "e" there.
  if (screenBytes(bytes.subarray(0, Math.min(bytes.length, start + 4))) || screenBytes(bytes.subarray(Math.max(0, end - 4)))) return true;
  if (!LITTLE_ENDIAN) return screenBytes(bytes);
  return screenWords(new Uint32Array(bytes.buffer, bytes.byteOffset + start, words));
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const HIGH = 0x80808080;
const LOW = 0x7f7f7f7f;

/** The high bit of each byte of `a` (ASCII bytes only) that equals the byte repeated in `repeated`. */
function bytesEqual(a: number, repeated: number): number {
  const x = a ^ repeated;
  return ~(((x & LOW) + LOW) | x | LOW);
}

function screenWords(w32: Uint32Array): boolean {
  let digitBefore = 0;
  let digitWords = 0;
  for (let k = 0; k < w32.length; k++) {
    const w = w32[k];
    const ascii = ~(w & HIGH);
    const a = w & LOW;
    // a + 0x50 reaches 0x80 from '0' up; a + 0x46 stays below it up to '9'.
    const digit = (a + 0x50505050) & ~(a + 0x46464646) & HIGH & ascii;
    const e = bytesEqual(a | 0x20202020, 0x65656565) & ascii;
    if (e !== 0 && ((digit << 8) | digitBefore) & e) return true;
    digitBefore = (digit >>> 31) << 7;
    // Three whole words of digits and dots: a run of 12 or more (any run of 16 covers three).
    if (((digit | (bytesEqual(a, 0x2e2e2e2e) & ascii)) >>> 0) === HIGH) {
      if (++digitWords >= 3) return true;
    } else digitWords = 0;
  }
  return false;
}

function screenBytes(bytes: Uint8Array): boolean {
  let run = 0;
  let digitBefore = false;
  for (const c of bytes) {
    const digit = c >= 48 && c <= 57;
    if (digit || c === 46) {
      if (++run >= 16) return true;
    } else {
      if ((c | 32) === 101 && digitBefore) return true;
      run = 0;
    }
    digitBefore = digit;
  }
  return false;
}

const LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Whether valid JSON text holds a number literal a double cannot hold. Strings are skipped with
 * indexOf and only the text between them is looked at.
 */
export function holdsInexactNumber(text: string): boolean {
  for (let i = 0; i < text.length; ) {
    const quote = text.indexOf('"', i);
    if (inexactBetween(text, i, quote < 0 ? text.length : quote)) return true;
    if (quote < 0) return false;
    i = stringEnd(text, quote) + 1;
  }
  return false;
}

function inexactBetween(text: string, from: number, to: number): boolean {
  for (let j = from; j < to; j++) {
    const c = text.charCodeAt(j);
    if (c !== 45 && (c < 48 || c > 57)) continue;
    LITERAL.lastIndex = j;
    const literal = LITERAL.exec(text)![0];
    if (!isExact(literal, Number(literal))) return true;
    j += literal.length - 1;
  }
  return false;
}

/** The closing quote of the string that opens at `open`: the first one not escaped by a backslash. */
function stringEnd(text: string, open: number): number {
  for (let k = open + 1; ; k++) {
    k = text.indexOf('"', k);
    let backslashes = 0;
    while (text.charCodeAt(k - 1 - backslashes) === 92) backslashes++;
    if (backslashes % 2 === 0) return k;
  }
}
