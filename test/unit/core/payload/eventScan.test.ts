import { isUtf8 } from 'node:buffer';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanEventFacts, type EventFacts } from '../../../../src/core/payload/eventScan.js';
import { eventFacts } from '../../../../src/core/payload/payloadFacts.js';

const SAMPLES = path.resolve(import.meta.dirname, '../../../../samples');

/** What JSON.parse says: the facts as eventFacts and firedAtMs read them, or 'invalid'. */
function reference(bytes: Buffer): EventFacts | 'invalid' {
  if (!isUtf8(bytes)) return 'invalid';
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'invalid';
  }
  const event = value && typeof value === 'object' ? (value as { event?: unknown }).event : undefined;
  const firedAt = event && typeof event === 'object' ? (event as { firedAt?: unknown }).firedAt : undefined;
  return { ...eventFacts(value), firedAt: typeof firedAt === 'string' ? firedAt : null };
}

/** The scan agrees with JSON.parse whenever it answers; returns its answer. */
function agrees(text: string | Buffer): EventFacts | null {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  const got = scanEventFacts(bytes);
  const want = reference(bytes);
  if (want === 'invalid') expect(got, `accepted what JSON.parse refuses: ${JSON.stringify(bytes.toString('latin1'))}`).toBeNull();
  else if (got !== null) expect(got, bytes.toString('latin1')).toEqual(want);
  return got;
}

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('scanEventFacts', () => {
  it('reads every bundled sample as JSON.parse does', () => {
    const files = readdirSync(SAMPLES).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const got = agrees(readFileSync(path.join(SAMPLES, f)));
      expect(got, f).not.toBeNull();
      expect(got!.trigger, f).toBe(f.replace(/\.json$/, ''));
      expect(got!.firedAt, f).toMatch(/^\d{4}-/);
    }
  });

  it('takes only the root event object\'s own keys, the last of duplicates winning', () => {
    expect(agrees('{"event":{"triggerKey":"A","eventId":7,"firedAt":"2025-01-01T00:00:00Z"}}')).toEqual({ trigger: 'A', eventId: 7, firedAt: '2025-01-01T00:00:00Z' });
    expect(agrees('{"record":{"firedAt":"x","event":{"eventId":1}},"event":{"eventId":2}}')).toEqual({ trigger: null, eventId: 2, firedAt: null });
    expect(agrees('{"event":{"data":{"firedAt":"deep","eventId":3}},"firedAt":"root"}')).toEqual({ trigger: null, eventId: null, firedAt: null });
    expect(agrees('{"event":{"firedAt":"a","firedAt":"b"}}')).toEqual({ trigger: null, eventId: null, firedAt: 'b' });
    expect(agrees('{"event":{"firedAt":"a","firedAt":null}}')).toEqual({ trigger: null, eventId: null, firedAt: null });
    expect(agrees('{"event":{"firedAt":"a"},"event":{"eventId":"e1"}}')).toEqual({ trigger: null, eventId: 'e1', firedAt: null });
    expect(agrees('{"event":{"firedAt":"a"},"event":[{"firedAt":"b"}]}')).toEqual({ trigger: null, eventId: null, firedAt: null });
    expect(agrees('[{"event":{"firedAt":"a"}}]')).toEqual({ trigger: null, eventId: null, firedAt: null });
    expect(agrees('{"event":{"triggerKey":5,"eventId":true,"firedAt":{}}}')).toEqual({ trigger: null, eventId: null, firedAt: null });
    expect(agrees('{"event":{"eventId":-0.5e2}}')).toEqual({ trigger: null, eventId: -50, firedAt: null });
    expect(agrees('"event"')).toEqual({ trigger: null, eventId: null, firedAt: null });
  });

  it('decodes escaped values and is unsure of escaped keys where ours could hide', () => {
    expect(agrees('{"event":{"triggerKey":"A\\u0042\\n\\"","firedAt":"\\u00e9t\\u00e9"}}')).toEqual({ trigger: 'AB\n"', eventId: null, firedAt: 'été' });
    expect(agrees('{"\\u0065vent":{"firedAt":"a"}}')).toBeNull();
    expect(agrees('{"event":{"fired\\u0041t":"a"}}')).toBeNull();
    // Escaped keys elsewhere are no concern.
    expect(agrees('{"record":{"fired\\u0041t":"a"},"event":{"eventId":1}}')).toEqual({ trigger: null, eventId: 1, firedAt: null });
    expect(agrees('{"event":{"x":{"\\u0065vent":1},"eventId":1}}')).toEqual({ trigger: null, eventId: 1, firedAt: null });
  });

  it('keeps a value\'s leading U+FEFF and skips a byte order mark before the text', () => {
    expect(agrees(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"event":{"triggerKey":"\ufeffA"}}')]))).toEqual({ trigger: '\ufeffA', eventId: null, firedAt: null });
    expect(agrees(Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, 0x7b, 0x7d]))).toBeNull();
  });

  it('refuses what JSON.parse refuses', () => {
    const bad = [
      '', ' ', '{', '}', '{"event":}', '{"event" {}}', '{"a":1,}', '[1,]', '[,1]', '{,}', '{"a":1 "b":2}', '01', '-', '1.', '.5', '+1', '1e',
      '1e+', '0x10', 'NaN', 'Infinity', 'tru', 'nul', 'falsey', 'null null', '"a', '"\\x"', '"\\u12g4"', '"\\u12"', '"a\tb"', '"a\nb"',
      "{'a':1}", '{a:1}', '[1 2]', '{"a":1}}', '[[]', '\u00a0{}', '{}\u00a0', '{"event":{"firedAt":"a"}', '/* */{}', '{"a":01}',
    ];
    for (const text of bad) expect(agrees(text), JSON.stringify(text)).toBeNull();
    // Not UTF-8: JSON.parse would see U+FFFD, json.ts reports the byte.
    expect(scanEventFacts(Buffer.from([0x22, 0xff, 0x22]))).toBeNull();
    expect(scanEventFacts(Buffer.from('"\ud800"', 'utf16le'))).toBeNull();
  });

  it('accepts what JSON.parse accepts: numbers, literals, white space, nesting 100,000 deep', () => {
    for (const text of ['0', '-0', '1.5e-3', '-12E+2', 'true', 'false', 'null', ' \t\r\n{ "a" : [ 1 , { } , [ ] ] }\n', '"\\/\\b\\f\\r\\t\\u0000"', '"\u007f\u2028"']) {
      expect(agrees(text), text).not.toBeNull();
    }
    const deep = `{"event":{"eventId":1,"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
    expect(agrees(deep)).toEqual({ trigger: null, eventId: 1, firedAt: null });
    expect(agrees(`${'['.repeat(1000)}${']'.repeat(999)}`)).toBeNull();
  });

  it('agrees with JSON.parse on 20,000 damaged copies of the samples', () => {
    const random = prng(13);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    const pieces = ['"', '\\', '{', '}', '[', ']', ',', ':', ' ', '\n', '\t', '0', '-', '.', 'e', 'E', '+', '\\u00', '\\n', '\u0001', 'true', 'null', '"event"', '"firedAt"', '"eventId":', '\u00e9', '\ufeff'];
    const samples = readdirSync(SAMPLES).filter((f) => f.endsWith('.json')).map((f) => readFileSync(path.join(SAMPLES, f), 'utf8'));
    let answered = 0;
    for (let k = 0; k < 20_000; k++) {
      let text = pick(samples);
      if (random() < 0.5) text = JSON.stringify(JSON.parse(text), null, random() < 0.5 ? 2 : undefined);
      for (let m = Math.floor(random() * 3); m >= 0; m--) {
        const at = Math.floor(random() * text.length);
        const op = random();
        if (op < 0.35) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 3));
        else if (op < 0.7) text = text.slice(0, at) + pick(pieces) + text.slice(at);
        else if (op < 0.85) text = text.slice(0, at);
        else text = text.slice(0, at) + text.slice(at).replace(/\d/, pick(['', '00', '1', 'x', '.']));
      }
      if (agrees(text) !== null) answered++;
    }
    // Most damage breaks the JSON; what stays JSON is read by the scan, not handed back.
    expect(answered).toBeGreaterThan(1000);
  });

  it('agrees with JSON.parse on 5,000 generated documents', () => {
    const random = prng(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    const keys = ['event', 'firedAt', 'eventId', 'triggerKey', 'record', 'a', '\u00e9', 'x y'];
    const space = () => pick(['', '', ' ', '\n  ', '\t']);
    const scalar = () => pick<() => string>([
      () => JSON.stringify(pick(['2025-01-21T06:15:23.687Z', 'PROJECT_MOVEMENT', 'a"b', 'tab\there', '\u2028', '\ud83d\ude00', ''])),
      () => String(Math.floor(random() * 1e6) * (random() < 0.2 ? -1 : 1)),
      () => pick(['1.25', '-0', '1e3', '2E-2', '123456789012345678901234567890']),
      () => pick(['true', 'false', 'null']),
    ])();
    const value = (depth: number): string => {
      const r = random();
      if (depth > 4 || r < 0.4) return scalar();
      const n = Math.floor(random() * 5);
      const parts = Array.from({ length: n }, () => value(depth + 1));
      if (r < 0.55) return `[${space()}${parts.join(`${space()},${space()}`)}${space()}]`;
      return `{${space()}${parts.map((v) => `${JSON.stringify(pick(keys))}${space()}:${space()}${v}`).join(`,${space()}`)}${space()}}`;
    };
    let answered = 0;
    for (let k = 0; k < 5000; k++) {
      const text = value(0);
      if (agrees(text) !== null) answered++;
    }
    // Only escaped keys (none here) or broken text make the scan unsure.
    expect(answered).toBe(5000);
  });
});
