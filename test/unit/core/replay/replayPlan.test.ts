import { describe, expect, it } from 'vitest';
import { deliveryAt, firedAtMs, orderForReplay } from '../../../../src/core/replay/replayPlan.js';

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
  it('orders 200,000 payloads, in place', () => {
    const items = Array.from({ length: 200_000 }, (_, i) => ({ name: `p${i}`, firedAt: (i * 7919) % 200_000, fromIndex: i === 150_000 }));
    const out = orderForReplay(items);
    expect(out).toBe(items);
    expect(out[150_000].name).toBe('p150000');
    for (let i = 1; i < out.length; i++) if (i !== 150_000 && i !== 150_001) expect(out[i - 1].firedAt).toBeLessThan(out[i].firedAt as number);
  });
  it('reads firedAt defensively', () => {
    expect(firedAtMs({ event: { firedAt: '2025-01-21T06:15:23.687Z' } })).toBe(Date.parse('2025-01-21T06:15:23.687Z'));
    for (const v of [null, [], { event: null }, { event: { firedAt: 5 } }, { event: { firedAt: 'yesterday' } }]) expect(firedAtMs(v)).toBeNull();
  });
});

describe('deliveryAt', () => {
  it('puts the copies of a payload in a row', () => {
    expect([0, 1, 2, 3, 4, 5].map((k) => deliveryAt(k, 3))).toEqual([
      { at: 0, copy: 1 }, { at: 0, copy: 2 }, { at: 0, copy: 3 }, { at: 1, copy: 1 }, { at: 1, copy: 2 }, { at: 1, copy: 3 },
    ]);
    expect(deliveryAt(7, 1)).toEqual({ at: 7, copy: 1 });
  });
});
