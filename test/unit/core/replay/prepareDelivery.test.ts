import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { preparer, type ChangePlan } from '../../../../src/core/replay/prepareDelivery.js';
import { parseSet } from '../../../../src/core/replay/replayOptions.js';

const headers = { userAgent: 'coperniq-hooks/1.0.0', keep: false, extra: [] as [string, string][] };
const plan = (over: Partial<ChangePlan> = {}): ChangePlan => ({ headers, sets: [], now: () => new Date('2026-01-02T03:04:05.000Z'), ...over });
const body = Buffer.from('{ "event": { "eventId": 7, "currentStage": { "name": "A" } } }');

describe('preparer', () => {
  it('sends unchanged payloads as stored, gzip labelled as it arrived', () => {
    const prepare = preparer(plan());
    const plain = prepare({ eventId: 7 }, body);
    expect(plain).toEqual({ body, headers: { 'content-type': 'application/json', 'user-agent': 'coperniq-hooks/1.0.0' }, changed: [], eventId: 7 });
    const zipped = gzipSync(body);
    expect(prepare({ eventId: 7, encoding: 'gzip' }, zipped)).toMatchObject({ body: zipped, headers: { 'content-encoding': 'gzip' } });
  });

  it('changes, re-serialises and decodes a gzip capture it changes', () => {
    let id = 1_900_000_000;
    const prepare = preparer(plan({ sets: [parseSet('event.currentStage.name=PTO')], nextId: () => id++ }));
    const captured = { eventId: 7, encoding: 'gzip', capture: { headers: { 'content-encoding': 'gzip', 'content-type': 'application/json; charset=utf-8' } } };
    const out = prepare(captured, gzipSync(body));
    if ('cannotChange' in out) throw new Error(out.cannotChange);
    expect(JSON.parse(Buffer.from(out.body).toString())).toEqual({ event: { eventId: 1_900_000_000, currentStage: { name: 'PTO' }, firedAt: '2026-01-02T03:04:05.000Z' } });
    expect(out.headers['content-encoding']).toBeUndefined();
    expect(out.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(out).toMatchObject({ changed: ['event.currentStage.name', 'event.eventId', 'event.firedAt'], eventId: 1_900_000_000 });
  });

  it('says why a payload cannot be changed instead of sending it', () => {
    const prepare = preparer(plan({ nextId: () => 1 }));
    expect(prepare({ eventId: null }, Buffer.from('token=abc&x=1'))).toEqual({ cannotChange: expect.stringMatching(/^malformed JSON at line 1/) });
    expect(prepare({ eventId: null }, Buffer.from('{"record":{}}'))).toEqual({ cannotChange: 'cannot give new ids: the payload has no "event" object' });
    const set = preparer(plan({ sets: [parseSet('event.currentStage.id=1')] }));
    expect(set({ eventId: 7 }, body)).toEqual({ cannotChange: 'cannot set event.currentStage.id: event.currentStage.id does not exist' });
  });
});
