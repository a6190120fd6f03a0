/**
 * The facts `replay` orders and labels deliveries by (`event.triggerKey`, `event.eventId`,
 * `event.firedAt`), read from a payload's bytes in one pass that builds nothing, while checking
 * that the bytes are JSON that JSON.parse accepts. Parsing 10,000 payloads only to read three
 * fields was a fifth of a replay run, and their garbage the bulk of its collector's work
 * (issue 13). jsonReader.ts builds values from text; this one reads bytes and keeps three.
 *
 * The facts are JSON.parse's: the root object's own `event` key (the last of duplicates wins, as
 * it does in JSON.parse), and that object's own keys, never a same-named key deeper down.
 * Whenever the answer could differ from JSON.parse's, the scan says it is unsure (null) and the
 * caller parses: bytes that are not UTF-8 or not JSON (the full parse words the error), and a key
 * written with escapes where one of ours could hide (`"\u0065vent"` is `event`).
 */
import { Buffer, isUtf8 } from 'node:buffer';

export interface EventFacts {
  trigger: string | null;
  eventId: number | string | null;
  firedAt: string | null;
}

const OBJECT = 1;
const ARRAY = 2;

// What the next value is to the facts.
const NONE = 0;
const EVENT = 1;
const TRIGGER = 2;
const EVENT_ID = 3;
const FIRED_AT = 4;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Bytes that end a run of plain string content: `"`, `\` and the control characters JSON.parse refuses. */
const STOPS_STRING = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) STOPS_STRING[c] = 1;
STOPS_STRING[QUOTE] = 1;
STOPS_STRING[BACKSLASH] = 1;

const HEX = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;

/** After a backslash: the escapes JSON allows (`u` is followed by four hex digits). */
const ESCAPES = new Uint8Array(256);
for (const c of '"\\/bfnrtu') ESCAPES[c.charCodeAt(0)] = 1;

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

const TRUE = bytesOf('true');
const FALSE = bytesOf('false');
const NULL = bytesOf('null');
const KEYS: [number, number[]][] = [
  [TRIGGER, bytesOf('triggerKey')],
  [EVENT_ID, bytesOf('eventId')],
  [FIRED_AT, bytesOf('firedAt')],
];
const EVENT_KEY = bytesOf('event');

function bytesOf(key: string): number[] {
  return [...key].map((c) => c.charCodeAt(0));
}

function keyIs(b: Uint8Array, start: number, end: number, key: number[]): boolean {
  if (end - start !== key.length) return false;
  for (let k = 0; k < key.length; k++) if (b[start + k] !== key[k]) return false;
  return true;
}

/** The facts, or null when the bytes are not JSON or the scan cannot be sure (see above). */
export function scanEventFacts(bytes: Uint8Array): EventFacts | null {
  if (!isUtf8(bytes)) return null;
  return new Scan(bytes).run();
}

class Scan {
  private i: number;
  private readonly n: number;
  /** The open containers, OBJECT or ARRAY, outermost first. */
  private stack = new Uint8Array(32);
  private depth = 0;
  /** The container open at depth 2 is the root's `event` object. */
  private inEvent = false;
  private trigger: string | null = null;
  private eventId: number | string | null = null;
  private firedAt: string | null = null;

  private readonly b: Buffer;

  constructor(bytes: Uint8Array) {
    const b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.b = b;
    this.n = b.length;
    // A UTF-8 byte order mark may come first (RFC 8259 §8.1; json.ts drops it before JSON.parse).
    this.i = b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  }

  run(): EventFacts | null {
    let slot = NONE;
    for (;;) {
      const closed = this.value(slot);
      if (closed === -1) return null;
      // `closed` is 1 when a scalar or an empty container ended, 0 when a container opened.
      let more = closed === 0;
      if (more) {
        const next = this.afterOpen();
        if (next < 0) return null;
        slot = next;
        continue;
      }
      while (!more) {
        if (this.depth === 0) return this.end();
        const next = this.afterValue();
        if (next === -1) return null;
        if (next === -2) continue; // a container closed: what follows it is read next
        slot = next;
        more = true;
      }
    }
  }

  /** Reads one value. 1: it ended (scalar or empty container); 0: a container with content opened; -1: not JSON. */
  private value(slot: number): number {
    const { b } = this;
    this.space();
    if (this.i >= this.n) return -1;
    const c = b[this.i];
    if (slot >= TRIGGER) this.setFact(slot, null);
    if (c === 0x7b || c === 0x5b) {
      this.i++;
      this.space();
      if (b[this.i] === (c === 0x7b ? 0x7d : 0x5d)) {
        this.i++;
        return 1;
      }
      if (this.depth === this.stack.length) {
        const bigger = new Uint8Array(this.stack.length * 2);
        bigger.set(this.stack);
        this.stack = bigger;
      }
      this.stack[this.depth++] = c === 0x7b ? OBJECT : ARRAY;
      if (this.depth === 2) this.inEvent = slot === EVENT && c === 0x7b;
      return 0;
    }
    if (c === QUOTE) {
      const start = this.i + 1;
      const escaped = this.string();
      if (escaped === -1) return -1;
      if (slot >= TRIGGER) this.setFact(slot, this.text(start, this.i - 1, escaped === 1));
      return 1;
    }
    if (c === 0x74) return this.literal(TRUE);
    if (c === 0x66) return this.literal(FALSE);
    if (c === 0x6e) return this.literal(NULL);
    const start = this.i;
    if (!this.number()) return -1;
    if (slot === EVENT_ID) this.eventId = Number(b.toString('latin1', start, this.i));
    return 1;
  }

  /** Right after a container with content opened: the slot of its first value, or -1. */
  private afterOpen(): number {
    return this.stack[this.depth - 1] === OBJECT ? this.key() : NONE;
  }

  /** After a value inside a container: the slot of the next value, -2 when the container closed, -1 when not JSON. */
  private afterValue(): number {
    this.space();
    const c = this.b[this.i];
    const kind = this.stack[this.depth - 1];
    if (c === 0x2c) {
      this.i++;
      return kind === OBJECT ? this.key() : NONE;
    }
    if (c !== (kind === OBJECT ? 0x7d : 0x5d)) return -1;
    this.i++;
    this.depth--;
    return -2;
  }

  /** A key and its colon: the slot of the value that follows, or -1 (not JSON, or an escaped key where ours could be). */
  private key(): number {
    const { b } = this;
    this.space();
    if (b[this.i] !== QUOTE) return -1;
    const start = this.i + 1;
    const escaped = this.string();
    if (escaped === -1) return -1;
    const end = this.i - 1;
    this.space();
    if (b[this.i] !== 0x3a) return -1;
    this.i++;
    const watched = this.depth === 1 || (this.depth === 2 && this.inEvent);
    if (!watched) return NONE;
    if (escaped === 1) return -1;
    if (this.depth === 1) {
      if (!keyIs(b, start, end, EVENT_KEY)) return NONE;
      // A later `event` replaces an earlier one whole, as in JSON.parse.
      this.trigger = null;
      this.eventId = null;
      this.firedAt = null;
      return EVENT;
    }
    for (const [slot, key] of KEYS) if (keyIs(b, start, end, key)) return slot;
    return NONE;
  }

  /** From an opening quote past its closing one. 0: plain; 1: holds escapes; -1: not a JSON string. */
  private string(): number {
    const { b, n } = this;
    let i = this.i + 1;
    let escaped = 0;
    for (;;) {
      while (i < n && STOPS_STRING[b[i]] === 0) i++;
      if (i >= n) return -1;
      const c = b[i];
      if (c === QUOTE) break;
      if (c !== BACKSLASH) return -1;
      escaped = 1;
      const e = b[i + 1];
      if (i + 1 >= n || ESCAPES[e] === 0) return -1;
      if (e === 0x75) {
        if (i + 5 >= n || !HEX[b[i + 2]] || !HEX[b[i + 3]] || !HEX[b[i + 4]] || !HEX[b[i + 5]]) return -1;
        i += 6;
      } else i += 2;
    }
    this.i = i + 1;
    return escaped;
  }

  /** `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, as RFC 8259 §6 writes a number. */
  private number(): boolean {
    const { b, n } = this;
    let i = this.i;
    if (b[i] === 0x2d) i++;
    if (i >= n || !isDigit(b[i])) return false;
    if (b[i] === 0x30) i++;
    else while (i < n && isDigit(b[i])) i++;
    if (b[i] === 0x2e) {
      i++;
      if (i >= n || !isDigit(b[i])) return false;
      while (i < n && isDigit(b[i])) i++;
    }
    if (b[i] === 0x65 || b[i] === 0x45) {
      i++;
      if (b[i] === 0x2b || b[i] === 0x2d) i++;
      if (i >= n || !isDigit(b[i])) return false;
      while (i < n && isDigit(b[i])) i++;
    }
    this.i = i;
    return true;
  }

  private literal(word: number[]): number {
    if (this.i + word.length > this.n) return -1;
    for (let k = 0; k < word.length; k++) if (this.b[this.i + k] !== word[k]) return -1;
    this.i += word.length;
    return 1;
  }

  private space(): void {
    const { b, n } = this;
    while (this.i < n && isSpace(b[this.i])) this.i++;
  }

  /** Only white space may follow the value. */
  private end(): EventFacts | null {
    this.space();
    if (this.i !== this.n) return null;
    return { trigger: this.trigger, eventId: this.eventId, firedAt: this.firedAt };
  }

  private setFact(slot: number, value: string | null): void {
    if (slot === TRIGGER) this.trigger = value;
    else if (slot === EVENT_ID) this.eventId = value;
    else this.firedAt = value;
  }

  private text(start: number, end: number, escaped: boolean): string {
    // The quotes too when escaped: JSON.parse decodes the escapes as it would have in the payload.
    return escaped ? (JSON.parse(this.b.toString('utf8', start - 1, end + 1)) as string) : this.b.toString('utf8', start, end);
  }
}
