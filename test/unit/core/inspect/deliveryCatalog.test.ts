import { describe, expect, it } from 'vitest';
import { DeliveryCatalog, type Located } from '../../../../src/core/inspect/deliveryCatalog.js';

const at = (seq: number, more: Partial<Located> = {}): Located => ({
  seq, offset: seq * 100, length: 99, trigger: 'PROJECT_MOVEMENT', record: null, verdict: 'valid', duplicate: false, ...more,
});

describe('DeliveryCatalog', () => {
  it('keeps deliveries sorted by sequence number whatever order their lines come in, each once', () => {
    const c = new DeliveryCatalog();
    for (const seq of [1, 2, 5, 3, 4, 7, 6]) expect(c.add(at(seq))).toBe(true);
    expect(c.add(at(5, { offset: 1 }))).toBe(false);
    expect(Array.from({ length: c.size }, (_, i) => c.seqAt(i))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(c.at(c.find(5))).toEqual(at(5));
    expect(c.find(8)).toBe(-1);
  });

  it('grows past its first arrays without losing anything', () => {
    const c = new DeliveryCatalog();
    for (let seq = 5000; seq >= 1; seq--) c.add(at(seq, { record: String(seq % 7), trigger: seq % 2 ? null : 'TASK_CREATED' }));
    expect(c.size).toBe(5000);
    expect(c.at(c.find(4321))).toEqual(at(4321, { record: String(4321 % 7), trigger: null }));
  });

  it('finds the newest delivery below a cursor', () => {
    const c = new DeliveryCatalog();
    for (const seq of [2, 4, 6]) c.add(at(seq));
    expect(c.below(null)).toBe(2);
    expect(c.seqAt(c.below(6))).toBe(4);
    expect(c.seqAt(c.below(5))).toBe(4);
    expect(c.below(2)).toBe(-1);
    expect(c.seqAt(c.below(100))).toBe(6);
  });

  it('finds the previous delivery of the same record', () => {
    const c = new DeliveryCatalog();
    c.add(at(1, { record: '7' }));
    c.add(at(2, { record: '8' }));
    c.add(at(3, { record: '7' }));
    c.add(at(4, { record: null }));
    expect(c.seqAt(c.previousOfRecord(c.find(3)))).toBe(1);
    expect(c.previousOfRecord(c.find(2))).toBe(-1);
    expect(c.previousOfRecord(c.find(4))).toBe(-1);
  });

  it('counts by trigger, verdict and duplicates, and forgets everything on clear', () => {
    const c = new DeliveryCatalog();
    c.add(at(1));
    c.add(at(2, { trigger: null, verdict: 'not-json' }));
    c.add(at(3, { duplicate: true, verdict: 'warnings' }));
    expect(c.counts()).toEqual({
      triggers: { PROJECT_MOVEMENT: 2, none: 1 },
      verdicts: { valid: 1, warnings: 1, invalid: 0, 'not-json': 1, empty: 0, unchecked: 0 },
      duplicates: 1,
    });
    c.clear();
    expect(c.size).toBe(0);
    expect(c.counts().triggers).toEqual({});
    c.add(at(9, { trigger: 'X' }));
    expect(c.at(0).trigger).toBe('X');
  });
});
