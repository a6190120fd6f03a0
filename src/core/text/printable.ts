/**
 * Text from a payload, a header or a file name, made safe to show on a terminal (DESIGN.md
 * principle 7, issue 8 §5). A sender controls that text: a raw line break forges a whole output
 * line, ESC/CSI/OSC sequences (and their one-byte C1 forms such as U+009B, and U+0085 NEL) recolour
 * the terminal, set its title or erase lines, BEL rings, CR overwrites, and bidi controls reorder
 * what is shown (Trojan Source, CVE-2021-42574). Each such character is shown as a visible escape.
 */

// C0, DEL and C1; every Bidi_Control character of Unicode; the line and paragraph separators.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');
// The same minus C0, which JSON.stringify escapes already.
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const hex = (c: string, digits: number) => c.charCodeAt(0).toString(16).padStart(digits, '0');
const escape = (c: string) => NAMED[c] ?? (c.charCodeAt(0) < 0x100 ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`);
const escapeJson = (c: string) => `\\u${hex(c, 4)}`;

/** `a\nb` with a real line break becomes `a\nb` as four visible characters; ESC becomes `\x1b`. */
export function printable(text: string): string {
  return UNSAFE.test(text) ? text.replace(UNSAFE_ALL, escape) : text;
}

/** A JSON string literal that is also safe on a terminal, so it can still be pasted as JSON. */
export function quote(text: string): string {
  return JSON.stringify(text).replace(UNSAFE_IN_JSON, escapeJson);
}
