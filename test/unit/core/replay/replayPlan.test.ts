import { describe, expect, it } from 'vitest';
import { firedAtMs, orderForReplay, percentile, summarizeReplay, type DeliveryResult } from '../../../../src/core/replay/replayPlan.js';

const item = (name: string, firedAt: string | null, fromIndex = false) => ({ name, firedAt: firedAt === null ? null : Date.parse(firedAt), fromIndex });

describe('orderForReplay', () => {
  it('orders by firedAt, then name, unreadable firedAt last', () => {
    const out = orderForReplay([item('b', '2025-01-02T00:00:00Z'), item('z', null), item('c', '2025-01-01T00:00:00Z'), item('a', '2025-01-02T00:00:00Z'), item('y', null)]);
    expect(out.map((i) => i.name)).toEqual(['c', 'a', 'b', 'y', 'z']);
  });
  it('keeps capture-index order and sorts only the runs between', () => {
    const out = orderForReplay([item('f2', '2025-01-02T00:00:00Z'), item('f1', '2025-01-01T00:00:00Z'), item('i2', '2025-01-09T00:00:00Z', true), item('i1', '2025-01-01T00:00:00Z', true), item('g', null)]);
    expect(out.map((i) => i.name)).toEqual(['f1', 'f2', 'i2', 'i1', 'g']);
  });
  it('reads firedAt defensively', () => {
    expect(firedAtMs({ event: { firedAt: '2025-01-21T06:15:23.687Z' } })).toBe(Date.parse('2025-01-21T06:15:23.687Z'));
    for (const v of [null, [], { event: null }, { event: { firedAt: 5 } }, { event: { firedAt: 'yesterday' } }]) expect(firedAtMs(v)).toBeNull();
  });
});

describe('summary', () => {
  it('takes nearest-rank percentiles', () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 95)).toBe(95);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });
  it('counts sent, succeeded, failed and not sent', () => {
    const r = (over: Partial<DeliveryResult>): DeliveryResult => ({ index: 0, file: 'f', copy: 1, trigger: null, eventId: null, status: 200, attempts: 1, ms: 10, ok: true, ...over });
    const s = summarizeReplay(6, [r({}), r({ ms: 30 }), r({ status: 500, ok: false, ms: 20 }), r({ status: null, attempts: 0, ms: null, ok: false, error: 'malformed' }), r({ status: null, ms: 1000, ok: false, error: 'timed out' })], true);
    expect(s).toEqual({ planned: 6, sent: 4, succeeded: 2, failed: 3, notSent: 1, p50Ms: 20, p95Ms: 30, interrupted: true });
  });
});
