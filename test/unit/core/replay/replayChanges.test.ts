import { describe, expect, it } from 'vitest';
import { applyNewIds, applySet, buildHeaders, keptHeaders, newIdSource } from '../../../../src/core/replay/replayChanges.js';
import { parseSet } from '../../../../src/core/replay/replayOptions.js';

const payload = () => ({ event: { eventId: 5, firedAt: '2025-01-21T06:00:00.000Z', currentStage: { id: 1, name: 'A' } }, record: { title: 'T', trades: ['Solar'] } });

describe('applySet', () => {
  it('sets nested values, creating what is missing', () => {
    const p = payload();
    expect(applySet(p, parseSet('event.currentStage.name=PTO'))).toBeNull();
    expect(applySet(p, parseSet('record.trades[1]=Roofing'))).toBeNull();
    expect(applySet(p, parseSet('event.meta.tags[0]="x"'))).toBeNull();
    expect(p.event.currentStage.name).toBe('PTO');
    expect(p.record.trades).toEqual(['Solar', 'Roofing']);
    expect((p.event as Record<string, unknown>).meta).toEqual({ tags: ['x'] });
  });

  it('explains what it cannot do', () => {
    expect(applySet(payload(), parseSet('record.title.x=1'))).toMatch(/record\.title is a string, not an object/);
    expect(applySet(payload(), parseSet('record.trades.x=1'))).toMatch(/record\.trades is an array, not an object/);
    expect(applySet(payload(), parseSet('record[0]=1'))).toMatch(/record is not an array/);
    expect(applySet(payload(), parseSet('record.trades[5]=1'))).toMatch(/index 5 is past the end \(length 1\)/);
    expect(applySet([1], parseSet('a=1'))).toBe('cannot set a: the payload is an array, not an object');
    expect(applySet('text', parseSet('a=1'))).toMatch(/not a JSON object/);
  });
});

describe('new ids', () => {
  it('replaces eventId (keeping its type) and firedAt', () => {
    const p = payload();
    const when = new Date('2026-11-27T04:00:00.000Z');
    expect(applyNewIds(p, 123, when)).toBeNull();
    expect(p.event).toMatchObject({ eventId: 123, firedAt: '2026-11-27T04:00:00.000Z' });
    const s = { event: { eventId: 'abc' } };
    applyNewIds(s, 9, when);
    expect(s.event.eventId).toBe('9');
    expect(applyNewIds({ record: {} }, 1, when)).toMatch(/no "event" object/);
  });
  it('hands out distinct ids above anything Coperniq issued', () => {
    const next = newIdSource(Date.parse('2026-11-27T04:00:00.000Z'), () => 0.5);
    const a = next();
    expect(next()).toBe(a + 1);
    expect(a).toBeGreaterThan(1e12);
    expect(Number.isSafeInteger(a)).toBe(true);
  });
});

describe('headers', () => {
  const captured = {
    host: 'old:1', 'content-length': '10', connection: 'close', 'transfer-encoding': 'chunked', te: 'trailers', expect: '100-continue',
    'content-type': 'application/json; charset=utf-8', authorization: '***', 'x-api-key': ['***'], 'x-trace': ['a', 'b'], 'user-agent': 'Coperniq/1.0',
  };
  it('keeps what can be sent again', () => {
    expect(keptHeaders(captured)).toEqual({ 'content-type': 'application/json; charset=utf-8', 'x-trace': ['a', 'b'], 'user-agent': 'Coperniq/1.0' });
  });
  it('never sends a value the store redacted in part, since "***" is not the secret', () => {
    const partly = { 'x-original-url': '/hooks/***', referer: 'https://a.example/?token=***', 'x-many': ['/h/***', 'kept'], 'x-fine': 'yes' };
    expect(keptHeaders(partly)).toEqual({ 'x-many': 'kept', 'x-fine': 'yes' });
  });
  it('layers defaults < captured < --header', () => {
    const plan = { userAgent: 'coperniq-hooks/1.2.3', keep: true, extra: [['user-agent', 'mine'], ['x-a', '1'], ['x-a', '2']] as [string, string][] };
    expect(buildHeaders(plan, captured)).toEqual({ 'content-type': 'application/json; charset=utf-8', 'user-agent': 'mine', 'x-trace': ['a', 'b'], 'x-a': ['1', '2'] });
    expect(buildHeaders({ ...plan, keep: false, extra: [] }, captured)).toEqual({ 'content-type': 'application/json; charset=utf-8', 'user-agent': 'coperniq-hooks/1.2.3' });
    expect(buildHeaders({ ...plan, keep: false, extra: [] })).toEqual({ 'content-type': 'application/json', 'user-agent': 'coperniq-hooks/1.2.3' });
  });
});
