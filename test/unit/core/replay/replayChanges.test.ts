import { describe, expect, it } from 'vitest';
import { applyNewIds, basicAuth, buildHeaders, headerPlan, keptHeaders, NEW_ID_MAX, NEW_ID_MIN, newIdSource } from '../../../../src/core/replay/replayChanges.js';

const payload = () => ({ event: { eventId: 5, firedAt: '2025-01-21T06:00:00.000Z', currentStage: { id: 1, name: 'A' } }, record: { title: 'T', trades: ['Solar'] } });

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
  it('hands out consecutive 32-bit ids from a random start in the range kept for replays', () => {
    const next = newIdSource(3, [], () => 0.5);
    const a = next();
    expect(a).toBe(NEW_ID_MIN + Math.floor(0.5 * (NEW_ID_MAX - NEW_ID_MIN + 1)));
    expect([next(), next()]).toEqual([a + 1, a + 2]);
    expect(NEW_ID_MIN).toBeGreaterThan(1_000_000_000);
    expect(NEW_ID_MAX).toBe(2 ** 31 - 1);
  });
  it('wraps at the top of the range and skips ids the inputs carry', () => {
    const next = newIdSource(4, [NEW_ID_MAX - 1, String(NEW_ID_MIN + 1), 432563, 'abc', null], () => 0.99999999999);
    expect([next(), next(), next(), next()]).toEqual([NEW_ID_MAX, NEW_ID_MIN, NEW_ID_MIN + 2, NEW_ID_MIN + 3]);
  });
  it('refuses a run that needs more ids than the range holds', () => {
    expect(() => newIdSource(NEW_ID_MAX - NEW_ID_MIN + 1, [NEW_ID_MIN])).toThrow(/--new-ids: .* need more ids/);
  });
});

describe('the target\'s user:password', () => {
  it('becomes Basic auth, decoded as curl decodes it, unless --header sets authorization', () => {
    const target = new URL('http://hook-user:pa%24s@127.0.0.1/in');
    expect(basicAuth(target)).toBe(`Basic ${Buffer.from('hook-user:pa$s').toString('base64')}`);
    expect(basicAuth(new URL('http://127.0.0.1/'))).toBeNull();
    expect(basicAuth(new URL('http://u:%E0%A4%A@h/'))).toBe(`Basic ${Buffer.from('u:%E0%A4%A').toString('base64')}`);
    const opts = { userAgent: 'ua', keep: false };
    expect(headerPlan(target, ['X-Env: staging'], opts).extra).toEqual([['authorization', basicAuth(target)], ['x-env', 'staging']]);
    expect(headerPlan(target, ['Authorization: Bearer t'], opts).extra).toEqual([['authorization', 'Bearer t']]);
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
