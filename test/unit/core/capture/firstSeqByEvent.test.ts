import { describe, expect, it } from 'vitest';
import { FirstSeqByEvent } from '../../../../src/core/capture/firstSeqByEvent.js';

describe('FirstSeqByEvent', () => {
  it('keeps the earliest sequence number per event id', () => {
    const f = new FirstSeqByEvent();
    f.note(432563, 7);
    f.note(432563, 3);
    f.note(432563, 9);
    f.note('a-b', 4);
    f.note('a-b', 2);
    expect(f.get(432563)).toBe(3);
    expect(f.get('a-b')).toBe(2);
    expect(f.get(1)).toBeUndefined();
  });

  it('treats a number and its decimal text as one event (a file name carries the text), and nothing else', () => {
    const f = new FirstSeqByEvent();
    f.note(432563, 1);
    expect(f.get('432563')).toBe(1);
    f.note('99', 2);
    expect(f.get(99)).toBe(2);
    for (const other of ['0432563', '432563.0', '4.32563e5', ' 432563', '-0', '']) expect(f.get(other), other).toBeUndefined();
    f.note(1.5, 3);
    expect(f.get('1.5')).toBe(3);
    f.note(2 ** 60, 4);
    expect(f.get(String(2 ** 60))).toBe(4);
  });
});
