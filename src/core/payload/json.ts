/**
 * Reads payload bytes the way a careful receiver would: strict UTF-8 (a stray Latin-1 byte is an
 * error, not a silent U+FFFD), an optional BOM, and JSON errors with line and column, because
 * "Unexpected token at position 8123" is useless in a 300-line fixture.
 */
import { Buffer, isUtf8 } from 'node:buffer';
import { numberOf } from './exactNumber.js';
import { holdsInexactNumber, mayHoldInexactNumber } from './inexactNumbers.js';
import { JsonSyntaxError, readJson } from './jsonReader.js';

export type ParsedJson =
  | { ok: true; value: unknown; text: string }
  | { ok: false; code: 'empty' | 'not-utf8' | 'bad-json'; message: string; line?: number; column?: number };

export interface ParseOptions {
  /** Keep numbers a double cannot hold as ExactNumber (for `diff`, which must not call them equal). */
  exactNumbers?: boolean;
}

export function parseJsonBytes(bytes: Uint8Array, opts: ParseOptions = {}): ParsedJson {
  if (bytes.length === 0) return { ok: false, code: 'empty', message: 'empty body: no JSON at all' };
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // A plain decode replaces each invalid sequence with U+FFFD: text without one came from valid
  // UTF-8 (a search V8 answers at once for one-byte text), and only text with one needs isUtf8.
  // Several times faster than a fatal TextDecoder, and faster than isUtf8 on every body.
  const text = buf.toString('utf8');
  if (text.includes('\uFFFD') && !isUtf8(bytes)) {
    const at = firstInvalidUtf8(bytes);
    // Latin-1 keeps one character per byte, so the column counts bytes on the bad byte's line.
    const [{ line, column }] = linesAndColumns(buf.toString('latin1', 0, at), [at]);
    return { ok: false, code: 'not-utf8', message: `not valid UTF-8 (bad byte 0x${bytes[at]?.toString(16).padStart(2, '0')} at offset ${at})`, line, column };
  }
  const parsed = parseJsonText(text);
  // JSON.parse first: it rejects bad text fastest, and most payloads never need the slow read.
  if (parsed.ok && opts.exactNumbers && mayHoldInexactNumber(parsed.text) && holdsInexactNumber(parsed.text)) {
    return { ...parsed, value: readJson(parsed.text, numberOf) };
  }
  return parsed;
}

/** A UTF-8 byte order mark is allowed before JSON (RFC 8259 §8.1 lets a parser ignore it). */
export const withoutBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

export function parseJsonText(text: string): ParsedJson {
  text = withoutBom(text);
  try {
    return { ok: true, value: JSON.parse(text), text };
  } catch (err) {
    // Only text that failed can be blank: JSON.parse refuses it, so a body that parses is not
    // trimmed (a call and, for one that ends in a newline, a slice of it, per delivery in the kit).
    if (text.trim() === '') return { ok: false, code: 'empty', message: 'empty body: no JSON at all' };
    const raw = (err as Error).message;
    const offset = jsonErrorOffset(text);
    const ch = text[offset];
    const detail = / in JSON at position \d+/.test(raw)
      ? raw.replace(/ in JSON at position \d+.*$/s, '').toLowerCase()
      : `unexpected ${ch === '\n' ? 'line break' : JSON.stringify(ch)}`;
    const [{ line, column }] = linesAndColumns(text, [offset]);
    const truncated = offset >= text.trimEnd().length;
    return {
      ok: false,
      code: 'bad-json',
      message: truncated
        ? `malformed JSON: the text ends early at line ${line}, column ${column} (truncated?)`
        : `malformed JSON at line ${line}, column ${column}: ${detail}`,
      line,
      column,
    };
  }
}

/** 1-based line and column of each offset, in one pass over the text however many there are. */
export function linesAndColumns(text: string, offsets: readonly number[]): { line: number; column: number }[] {
  const order = offsets.map((_, k) => k).sort((a, b) => offsets[a] - offsets[b]);
  const out: { line: number; column: number }[] = new Array(offsets.length);
  let line = 1;
  let lineStart = 0;
  let i = 0;
  for (const k of order) {
    const offset = Math.min(offsets[k], text.length);
    for (; i < offset; i++) {
      if (text.charCodeAt(i) === 10) {
        line++;
        lineStart = i + 1;
      }
    }
    out[k] = { line, column: offset - lineStart + 1 };
  }
  return out;
}

function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k] & 0xc0) !== 0x80) return i;
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF.
    const b1 = b[i + 1];
    if ((c === 0xe0 && b1 < 0xa0) || (c === 0xed && b1 >= 0xa0) || (c === 0xf0 && b1 < 0x90) || (c === 0xf4 && b1 >= 0x90)) return i;
    i += n + 1;
  }
  return 0;
}

/** Where JSON.parse gave up: V8 names a position for most errors but not for "Unexpected token". */
export function jsonErrorOffset(text: string): number {
  try {
    readJson(text);
  } catch (err) {
    if (err instanceof JsonSyntaxError) return err.offset;
    throw err;
  }
  return text.length;
}
