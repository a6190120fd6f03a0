import type { IndexEntry } from './captureFormat.js';

/** What `listen` needs of each earlier index line when it opens a capture directory. */
export type IndexKeys = Pick<IndexEntry, 'seq' | 'file' | 'eventId'>;

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

/**
 * `seq`, `file` and `eventId` of one index line, found by walking the line's top-level keys and
 * jumping over every other value, instead of having JSON.parse build the whole entry (headers,
 * verdict...) only to drop it: at a million lines that was most of `listen`'s start (issue 13).
 * Same answer as JSON.parse for the lines `listen` writes (the last of a repeated key wins, nested
 * keys are not top-level ones); anything it does not expect, such as an escape in a key or in the
 * file name, or a line that is not one JSON object, makes it return undefined, and the caller
 * parses the line whole. It does not check the values it jumps over: a line garbled inside its
 * headers still gives its keys, where JSON.parse would give up on it.
 */
export function indexLineKeys(line: string): IndexKeys | undefined {
  let i = skipSpace(line, 0);
  if (line.charCodeAt(i) !== OPEN_BRACE) return undefined;
  let seq: unknown;
  let file: unknown;
  let eventId: unknown = null;
  i = skipSpace(line, i + 1);
  for (;;) {
    if (line.charCodeAt(i) !== QUOTE) return undefined;
    const keyEnd = stringEnd(line, i);
    if (keyEnd < 0) return undefined;
    const key = line.slice(i + 1, keyEnd);
    if (key.includes('\\')) return undefined;
    i = skipSpace(line, keyEnd + 1);
    if (line.charCodeAt(i) !== COLON) return undefined;
    const start = skipSpace(line, i + 1);
    const end = valueEnd(line, start);
    if (end < 0) return undefined;
    if (key === 'seq' || key === 'file' || key === 'eventId') {
      const text = line.slice(start, end);
      const value = text.includes('\\') ? undefined : literal(text);
      if (value === undefined) return undefined;
      if (key === 'seq') seq = value;
      else if (key === 'file') file = value;
      else eventId = value;
    }
    i = skipSpace(line, end);
    if (line.charCodeAt(i) === CLOSE_BRACE) break;
    if (line.charCodeAt(i) !== COMMA) return undefined;
    i = skipSpace(line, i + 1);
  }
  if (skipSpace(line, i + 1) !== line.length) return undefined;
  if (typeof seq !== 'number' || typeof file !== 'string') return undefined;
  return { seq, file, eventId: typeof eventId === 'number' || typeof eventId === 'string' ? eventId : null };
}

/** A short value (a number, a string without escapes, true, false, null); undefined for anything else. */
function literal(text: string): unknown {
  if (text.charCodeAt(0) === QUOTE) return text.slice(1, -1);
  if (text === 'null') return null;
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (!/^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

function skipSpace(s: string, i: number): number {
  while (isSpace(s.charCodeAt(i))) i++;
  return i;
}

/** Index of the quote that closes the string opening at `i`, or -1. */
function stringEnd(s: string, i: number): number {
  for (let j = s.indexOf('"', i + 1); j !== -1; j = s.indexOf('"', j + 1)) {
    let k = j - 1;
    while (s.charCodeAt(k) === BACKSLASH) k--;
    if ((j - 1 - k) % 2 === 0) return j;
  }
  return -1;
}

/** Index just after the value starting at `i`, or -1 when it does not end well. */
function valueEnd(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c === QUOTE) {
    const end = stringEnd(s, i);
    return end < 0 ? -1 : end + 1;
  }
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    let depth = 0;
    for (let j = i; j < s.length; j++) {
      const d = s.charCodeAt(j);
      if (d === QUOTE) {
        j = stringEnd(s, j);
        if (j < 0) return -1;
      } else if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
      else if ((d === CLOSE_BRACE || d === CLOSE_BRACKET) && --depth === 0) return j + 1;
    }
    return -1;
  }
  let j = i;
  for (; j < s.length; j++) {
    const d = s.charCodeAt(j);
    if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || isSpace(d)) break;
  }
  return j > i ? j : -1;
}
