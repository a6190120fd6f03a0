import { describe, expect, it } from 'vitest';
import { NumberTable } from '../../../../src/core/capture/numberTable.js';

describe('NumberTable', () => {
  it('maps safe integers (zero, negative, beyond 32 bits) to numbers, like a Map, across growth', () => {
    const t = new NumberTable(4);
    const ref = new Map<number, number>();
    const keys = [0, -1, 1, 2 ** 32, 2 ** 32 + 1, -(2 ** 40), Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER];
    for (let i = 0; i < 5000; i++) keys.push(i * 7919, 432563 + i);
    keys.forEach((k, i) => {
      t.set(k, i);
      ref.set(k, i);
    });
    expect(t.size).toBe(ref.size);
    for (const [k, v] of ref) expect(t.get(k)).toBe(v);
    expect(t.get(3)).toBeUndefined();
    expect(t.get(-2)).toBeUndefined();
  });

  it('setMin keeps the smallest value per key', () => {
    const t = new NumberTable();
    t.setMin(42, 9);
    t.setMin(42, 3);
    t.setMin(42, 5);
    expect(t.get(42)).toBe(3);
    expect(t.size).toBe(1);
  });
});
