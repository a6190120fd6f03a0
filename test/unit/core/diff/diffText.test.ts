import { describe, expect, it } from 'vitest';
import { printable, quote } from '../../../../src/core/text/printable.js';
import { headline, isEqual, pairByKey } from '../../../../src/core/diff/diffReport.js';
import { preview, toJsonText } from '../../../../src/core/diff/valueText.js';

describe('terminal safety', () => {
  it('escapes control characters, C1 controls and bidi overrides', () => {
    expect(quote('a\u001bb\u009bc\u202ed')).toBe('"a\\u001bb\\u009bc\\u202ed"');
    expect(printable('stage \u001b[2JX -> Y')).toBe('stage \\x1b[2JX -> Y');
    expect(preview({ t: '\u009b31m' })).toBe('{"t":"\\u009b31m"}');
  });
});

describe('preview', () => {
  it.each<[unknown, number, string]>([
    [1250000, 80, '1250000'],
    [null, 80, 'null'],
    ['Engineering', 80, '"Engineering"'],
    [{ id: 2014, name: 'Engineering' }, 80, '{"id":2014,"name":"Engineering"}'],
    [[1, [2, [3]]], 80, '[1,[2,[3]]]'],
    ['x'.repeat(100), 10, '"xxxxxxxx…'],
    [{ a: 'x'.repeat(100) }, 12, '{"a":"xxxxx…'],
    [Array.from({ length: 1000 }, (_, i) => i), 12, '[0,1,2,3,4,…'],
  ])('%j at %i', (value, max, want) => {
    const got = preview(value, max);
    expect(got).toBe(want);
    expect(got.length).toBeLessThanOrEqual(max);
  });

  it('never splits a surrogate pair', () => {
    const got = preview('🔋'.repeat(50), 10);
    expect(got).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(got.endsWith('…')).toBe(true);
  });

  it('does not serialise more than it shows', () => {
    // Counts the items read: a full JSON.stringify would read all 200,000 (15 MB of text).
    let read = 0;
    const list = new Proxy(
      Array.from({ length: 200_000 }, (_, i) => ({ i, s: 'y'.repeat(50) })),
      {
        get(target, key, receiver) {
          if (typeof key === 'string' && /^\d+$/.test(key)) read++;
          return Reflect.get(target, key, receiver) as unknown;
        },
      },
    );
    expect(preview({ list }, 40)).toBe(`{"list":[{"i":0,"s":"${'y'.repeat(18)}…`);
    expect(read).toBe(1);
  });
});

describe('toJsonText', () => {
  it('is JSON.stringify for ordinary values', () => {
    const v = { a: [1, 'x', null, true, { b: {} }], 'odd key': [] };
    expect(toJsonText(v)).toBe(JSON.stringify(v));
  });
});

describe('headline', () => {
  const payload = (trigger: string, event: object, record: object = { id: 7, title: 'Elon Musk' }) => ({
    record,
    event: { eventId: 1, recordId: 7, triggerKey: trigger, ...event },
  });

  it('gives the trigger of each side and what moved', () => {
    const a = payload('PROJECT_MOVEMENT', { previousStage: { name: 'Site Survey' }, currentStage: { name: 'Engineering' } });
    const b = payload('TASK_STATUS_MOVEMENT', { previousStatus: 'WORKING', currentStatus: 'COMPLETED' });
    expect(headline(a, b)).toBe(
      'PROJECT_MOVEMENT (stage Site Survey -> Engineering) vs TASK_STATUS_MOVEMENT (status WORKING -> COMPLETED), record 7 "Elon Musk"',
    );
  });

  it('names the record only when both sides are about the same one', () => {
    const a = payload('PROJECT_CREATED', {});
    const b = payload('PROJECT_CREATED', { recordId: 8 });
    expect(headline(a, b)).toBe('PROJECT_CREATED vs PROJECT_CREATED');
  });

  it('is null unless both sides are Coperniq payloads', () => {
    expect(headline({ a: 1 }, payload('PROJECT_CREATED', {}))).toBeNull();
    expect(headline([1], 'x')).toBeNull();
  });

  it('cannot carry terminal escapes from the payload', () => {
    const a = payload('PROJECT_MOVEMENT', { previousStage: { name: 'A\u001b[2J' }, currentStage: { name: 'B' } });
    expect(headline(a, a)).not.toMatch(/\u001b/);
  });
});

describe('pairByKey', () => {
  it('pairs k-th with k-th and reports the rest', () => {
    const a = ['e1#a', 'e2#a', 'e2#b', 'e3#a'];
    const b = ['e2#c', 'e1#d', 'e4#e'];
    const r = pairByKey(a, b, (s) => s.split('#')[0]);
    expect(r.pairs).toEqual([
      ['e1#a', 'e1#d'],
      ['e2#a', 'e2#c'],
    ]);
    expect(r.onlyInA).toEqual(['e2#b', 'e3#a']);
    expect(r.onlyInB).toEqual(['e4#e']);
  });
});

describe('isEqual', () => {
  const base = { a: 'a', b: 'b', shape: false, pairedBy: 'path' as const, pairs: [], onlyInA: [], onlyInB: [] };
  it('is false when a file is only on one side', () => {
    expect(isEqual(base)).toBe(true);
    expect(isEqual({ ...base, onlyInB: ['x.json'] })).toBe(false);
    expect(isEqual({ ...base, pairs: [{ a: 'x', b: 'y', headline: null, changes: [{ kind: 'added', path: ['k'], new: 1 }] }] })).toBe(false);
  });
});
