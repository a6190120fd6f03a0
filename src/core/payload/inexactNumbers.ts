import { isExact } from './exactNumber.js';

/**
 * Whether JSON text may hold a number literal a double cannot hold, so that the usual payload,
 * which has none, skips the exact read (holdsInexactNumber). Such a literal has 16 or more digits (a
 * run of 16 digits and dots) or an exponent (a digit followed by e or E). The run is written out
 * rather than counted (`[\d.]{16}`): V8's regex engine scans for a fixed sequence of classes about
 * ten times faster, and this scan, over the whole text, is what `diff` of two large payloads pays
 * beyond parsing them (issue 13).
 */
const SCREEN = new RegExp(`\\d[eE]|${'[\\d.]'.repeat(16)}`);

export function mayHoldInexactNumber(text: string): boolean {
  return SCREEN.test(text);
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
