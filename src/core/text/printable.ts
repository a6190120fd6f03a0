// JSON.stringify leaves C1 controls (U+0080–U+009F, where U+009B is a CSI on some terminals),
// bidi overrides and line separators as they are; a payload must not be able to drive the terminal.
const UNSAFE = /[\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const CONTROL = /[\u0000-\u001f]/g;

const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Text from a payload made safe for a terminal: control characters become escapes such as `\u001b`. */
export function printable(s: string): string {
  return s.replace(CONTROL, escape).replace(UNSAFE, escape);
}

/** A JSON string literal that is also safe to print on a terminal (and still valid JSON). */
export function quote(s: string): string {
  return JSON.stringify(s).replace(UNSAFE, escape);
}
