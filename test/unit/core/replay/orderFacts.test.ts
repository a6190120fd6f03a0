import { describe, expect, it } from 'vitest';
import { orderFacts } from '../../../../src/core/replay/orderFacts.js';

const facts = (text: string | Buffer) => orderFacts(typeof text === 'string' ? Buffer.from(text) : text);

describe('orderFacts', () => {
  it('reads the order and labels of a payload', () => {
    expect(facts('{"event":{"triggerKey":"PROJECT_MOVEMENT","eventId":5,"firedAt":"2025-01-21T06:15:23.687Z"}}')).toEqual({
      ok: true, trigger: 'PROJECT_MOVEMENT', eventId: 5, firedAt: Date.parse('2025-01-21T06:15:23.687Z'),
    });
    expect(facts('{"event":{"firedAt":"yesterday"}}')).toEqual({ ok: true, trigger: null, eventId: null, firedAt: null });
  });

  it('falls back to the full parse where the scan is unsure, with the same answer', () => {
    expect(facts('{"\\u0065vent":{"triggerKey":"A","fired\\u0041t":"2025-01-01T00:00:00Z"}}')).toEqual({
      ok: true, trigger: 'A', eventId: null, firedAt: Date.parse('2025-01-01T00:00:00Z'),
    });
  });

  it('words what is not JSON as the full parse does', () => {
    expect(facts('{"event": {"eventId": 3,}\n')).toMatchObject({ ok: false, message: expect.stringMatching(/^malformed JSON at line 1, column 25/) });
    expect(facts('')).toMatchObject({ ok: false, message: 'empty body: no JSON at all' });
    expect(facts(Buffer.from([0x7b, 0xff, 0x7d]))).toMatchObject({ ok: false, message: expect.stringMatching(/not valid UTF-8/) });
  });
});
