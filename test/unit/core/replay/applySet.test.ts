import { describe, expect, it } from 'vitest';
import { applySet } from '../../../../src/core/replay/applySet.js';
import { parseSet } from '../../../../src/core/replay/replayOptions.js';

const payload = () => ({
  event: { eventId: 5, firedAt: '2025-01-21T06:00:00.000Z', currentStage: { id: 1, name: 'A' }, previousStage: null as unknown },
  record: { title: 'T', trades: ['Solar'], 'odd key': { x: 1 } },
});

describe('--set: only what exists', () => {
  it('changes existing fields, array items and quoted keys', () => {
    const p = payload();
    for (const arg of ['event.currentStage.name=PTO', 'record.trades[0]=Roofing', 'record["odd key"].x=2', 'event.previousStage={"id":3}']) {
      expect(applySet(p, parseSet(arg))).toEqual({ ok: true });
    }
    expect(p.event.currentStage.name).toBe('PTO');
    expect(p.record.trades).toEqual(['Roofing']);
    expect(p.record['odd key']).toEqual({ x: 2 });
    expect(p.event.previousStage).toEqual({ id: 3 });
  });

  it('names a missing path, how deep it got, and the nearest key at the level that failed', () => {
    const p = payload();
    const before = JSON.stringify(p);
    expect(applySet(p, parseSet('event.curentStage.name=PTO'))).toEqual({
      ok: false, message: 'cannot set event.curentStage.name: event.curentStage does not exist', depth: 1, suggestion: 'event.currentStage',
    });
    expect(applySet(p, parseSet('event.currentStage.nmae=PTO'))).toMatchObject({ depth: 2, suggestion: 'event.currentStage.name' });
    expect(applySet(p, parseSet('record.odd=1'))).not.toHaveProperty('suggestion');
    expect(applySet(p, parseSet('record.trades[1]=X'))).toMatchObject({ message: 'cannot set record.trades[1]: record.trades[1] does not exist' });
    expect(applySet(p, parseSet('evnt.x=1'))).toMatchObject({ depth: 0, suggestion: 'event' });
    expect(JSON.stringify(p)).toBe(before);
  });

  it('follows own properties only: inherited names are not fields', () => {
    const p = payload();
    for (const arg of ['event.toString=1', 'record.hasOwnProperty.x=1', 'record.trades.length=0', 'event.valueOf=1']) {
      const r = applySet(p, parseSet(arg));
      expect(r.ok, arg).toBe(false);
    }
    expect(Object.hasOwn(p.event, 'toString')).toBe(false);
    expect(p.record.trades).toEqual(['Solar']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('explains a value of the wrong kind on the way', () => {
    expect(applySet(payload(), parseSet('record.title.x=1'))).toMatchObject({ message: 'cannot set record.title.x: record.title is a string, not an object', depth: 2 });
    expect(applySet(payload(), parseSet('record.trades.x=1'))).toMatchObject({ message: expect.stringMatching(/record\.trades is an array, not an object/) });
    expect(applySet(payload(), parseSet('record[0]=1'))).toMatchObject({ message: expect.stringMatching(/record is an object, not an array/) });
    expect(applySet(payload(), parseSet('event.previousStage.id=1'))).toMatchObject({ message: expect.stringMatching(/event\.previousStage is null, not an object/) });
    expect(applySet([1], parseSet('a=1'))).toMatchObject({ message: 'cannot set a: the payload is an array, not an object', depth: 0 });
    expect(applySet('text', parseSet('a=1'))).toMatchObject({ message: 'cannot set a: the payload is a string, not an object' });
  });
});

describe('--set-new: creates what is missing', () => {
  it('creates objects and arrays on the way, appends at the end of an array, and replaces a null', () => {
    const p = payload() as ReturnType<typeof payload> & { event: Record<string, unknown> };
    for (const arg of ['event.meta.tags[0]="x"', 'record.trades[1]=Roofing', 'event.previousStage.name=Survey', 'event.extra={"a":1}']) {
      expect(applySet(p, parseSet(arg, true)), arg).toEqual({ ok: true });
    }
    expect(p.event.meta).toEqual({ tags: ['x'] });
    expect(p.record.trades).toEqual(['Solar', 'Roofing']);
    expect(p.event.previousStage).toEqual({ name: 'Survey' });
    expect(p.event.extra).toEqual({ a: 1 });
  });

  it('still refuses holes in arrays and values of the wrong kind', () => {
    expect(applySet(payload(), parseSet('record.trades[5]=1', true))).toMatchObject({ message: expect.stringMatching(/index 5 is past the end of record\.trades \(length 1\)/) });
    expect(applySet(payload(), parseSet('record.title.x=1', true))).toMatchObject({ message: expect.stringMatching(/record\.title is a string/) });
  });

  it('gives each payload its own copy of an object value', () => {
    const set = parseSet('event.extra={"a":1}', true);
    const [a, b] = [payload(), payload()];
    applySet(a, set);
    applySet(b, set);
    const extra = (p: ReturnType<typeof payload>) => (p.event as Record<string, unknown>).extra as { a: number };
    extra(a).a = 2;
    expect(extra(b).a).toBe(1);
  });
});
