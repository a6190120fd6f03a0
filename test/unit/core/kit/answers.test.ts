import { describe, expect, it } from 'vitest';
import { answers, asciiJson } from '../../../../src/core/kit/answers.js';

// Text no ASCII-only body could hold as it is: accents, an emoji (a surrogate pair), a lone
// surrogate, a right-to-left mark, and the last code unit.
const HOSTILE = 'évt-😀-\uD800-\u200F-\uFFFF';

describe('answers', () => {
  it('every body is ASCII JSON that reads back to what went in, so its length is its length in bytes', () => {
    const finding = { level: 'error' as const, path: 'record.title', code: 'invalid-type', message: `expected string, got "${HOSTILE}"` };
    const built = [
      answers.handled(HOSTILE),
      answers.handled(436815),
      answers.duplicate(HOSTILE),
      answers.unhandled(HOSTILE, HOSTILE),
      answers.badRequest(HOSTILE),
      answers.unauthorized(),
      answers.methodNotAllowed(),
      answers.notFound(),
      answers.tooLarge(1024),
      answers.invalid(HOSTILE, [finding]),
      answers.handlerFailed(HOSTILE),
      answers.misconfigured(HOSTILE),
      answers.internal(),
      answers.inProgress(HOSTILE),
      answers.storeDown(),
    ];
    for (const a of built) {
      expect(a.body, a.body).toMatch(/^[\x00-\x7f]*$/);
      expect(Buffer.byteLength(a.body, 'utf8')).toBe(a.body.length);
      expect(() => JSON.parse(a.body)).not.toThrow();
      expect(a.headers['content-length']).toBe(String(Buffer.byteLength(a.body)));
      expect(a.headers['content-type']).toBe('application/json; charset=utf-8');
    }
    expect(answers.inProgress(1).headers['retry-after']).toBe('2');
    expect(answers.methodNotAllowed().headers.allow).toBe('POST');
    expect(JSON.parse(answers.handled(HOSTILE).body)).toEqual({ ok: true, eventId: HOSTILE });
    expect(JSON.parse(answers.badRequest(HOSTILE).body).error).toBe(HOSTILE);
  });

  it('writes a number event id as JSON.stringify does, Infinity (JSON.parse of 1e400) as null', () => {
    for (const id of [0, 7, 436815, -3, 2.5, 1e21, Number.MAX_SAFE_INTEGER, -0]) expect(answers.handled(id).body).toBe(`{"ok":true,"eventId":${JSON.stringify(id)}}`);
    expect(JSON.parse(answers.handled(JSON.parse('1e400') as number).body)).toEqual({ ok: true, eventId: null });
  });

  it('asciiJson leaves ASCII alone and escapes the rest', () => {
    expect(asciiJson({ a: 'plain' })).toBe('{"a":"plain"}');
    expect(asciiJson('é😀')).toBe('"\\u00e9\\ud83d\\ude00"');
    // Twice in a row: a stateful (global) regex test would miss the second.
    expect(asciiJson('é')).toBe('"\\u00e9"');
    expect(asciiJson('é')).toBe('"\\u00e9"');
  });
});
