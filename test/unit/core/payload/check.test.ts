import { describe, expect, it } from 'vitest';
import { checkBody, checkValue } from '../../../../src/core/payload/check.js';
import { TRIGGER_KEYS } from '../../../../src/core/payload/triggers.js';
import { FAULTS, faulty, sample, sampleKeys } from '../../../helpers/payloads.js';

describe('samples', () => {
  it('has a sample for every known trigger, and no sample for an unknown one', () => {
    expect(sampleKeys().sort()).toEqual([...TRIGGER_KEYS].sort());
  });

  it.each(TRIGGER_KEYS.map((k) => [k]))('%s sample is valid with no warnings, even with --strict', (key) => {
    const r = checkValue(sample(key), { strict: true });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r).toMatchObject({ valid: true, known: true, trigger: key });
  });

  it.each(TRIGGER_KEYS.map((k) => [k]))('%s sample is internally consistent', (key) => {
    const p = sample(key);
    expect(p.event.triggerKey).toBe(key);
    expect(p.event.recordId).toBe(p.record.id);
    if (p.workOrder) {
      expect(p.event.workOrderId).toBe(p.workOrder.id);
      expect(p.workOrder.recordId).toBe(p.record.id);
    }
    expect(Date.parse(p.event.firedAt)).toBeGreaterThanOrEqual(Date.parse(p.record.createdAt));
    expect(Date.parse(p.event.firedAt)).toBeGreaterThanOrEqual(Date.parse(p.record.updatedAt));
  });
});

describe('checkValue faults', () => {
  it.each(FAULTS.map((f) => [f.name, f]))('%s', (_name, f) => {
    const r = checkValue(faulty(f.key, f.change));
    const list = f.level === 'error' ? r.errors : r.warnings;
    expect(list.map((x) => [x.path, x.code])).toContainEqual([f.path, f.code]);
    expect(r.valid).toBe(f.level !== 'error');
    if (f.level === 'warning') {
      const strict = checkValue(faulty(f.key, f.change), { strict: true });
      expect(strict.valid).toBe(false);
      expect(strict.errors.map((x) => x.code)).toContain(f.code);
    }
  });

  it('words a type error for people', () => {
    const r = checkValue(faulty('PROJECT_MOVEMENT', (p) => (p.event.eventId = '432563')));
    expect(r.errors[0].message).toBe('expected a number, got the string "432563"');
  });

  it('checks an unknown trigger against the envelope and warns', () => {
    const ok = checkValue(faulty('PROJECT_MOVEMENT', (p) => ((p.event.triggerKey = 'DEAL_MOVEMENT'), (p.event.somethingNew = 1))));
    expect(ok).toMatchObject({ valid: true, known: false, trigger: 'DEAL_MOVEMENT' });
    expect(ok.warnings.map((w) => w.code)).toEqual(['unknown-trigger']);
    const bad = checkValue(faulty('PROJECT_MOVEMENT', (p) => ((p.event.triggerKey = 'DEAL_MOVEMENT'), (p.event.firedAt = 'soon'))));
    expect(bad.valid).toBe(false);
    expect(bad.errors.map((e) => e.path)).toEqual(['event.firedAt']);
    expect(checkValue(faulty('PROJECT_MOVEMENT', (p) => (p.event.triggerKey = 'DEAL_MOVEMENT')), { strict: true }).valid).toBe(false);
  });

  it('--trigger checks as the given trigger and says the payload disagreed', () => {
    const r = checkValue(sample('PROJECT_MOVEMENT'), { trigger: 'TASK_COMPLETED' });
    expect(r.valid).toBe(false);
    expect(r.trigger).toBe('TASK_COMPLETED');
    expect(r.warnings.map((w) => w.code)).toContain('trigger-override');
    expect(r.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['event.workOrderId', 'workOrder']));
  });

  it('a missing or non-object event is an error, never a crash', () => {
    expect(checkValue({ record: {} }).errors.map((e) => e.path)).toContain('event');
    expect(checkValue({ event: 'x' }).errors.map((e) => e.code)).toContain('invalid-type');
    for (const v of [null, 42, 'text', [1, 2], true]) {
      const r = checkValue(v);
      expect(r.valid).toBe(false);
      expect(r.errors[0].code).toBe('not-object');
    }
  });

  it('phase-based projects without a stage are fine', () => {
    const p = sample('PROJECT_PHASE_STARTED');
    expect(p.record.stage).toBeUndefined();
    expect(checkValue(p, { strict: true }).valid).toBe(true);
  });

  it('accepts null for unpublished record fields and TASK_CREATED previousStatus', () => {
    const p = faulty('TASK_CREATED', (x) => ((x.record.dealValue = null), (x.record.primaryEmail = null), (x.record.stage = null)));
    expect(checkValue(p, { strict: true }).valid).toBe(true);
  });
});

describe('checkBody', () => {
  const body = (s: string | number[]) => (typeof s === 'string' ? Buffer.from(s) : Buffer.from(s));
  it.each([
    ['empty', '', 'empty'],
    ['whitespace only', '  \n', 'empty'],
    ['Unicode spaces only (no-break, line separator, BOM inside)', ' \u00a0\u2028\u3000\ufeff\t', 'empty'],
    ['a BOM, then a space', '\ufeff ', 'empty'],
    ['truncated', '{"event":{"eventId":1', 'bad-json'],
    ['malformed', '{"event": nope}', 'bad-json'],
    ['not UTF-8', [0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d], 'not-utf8'],
    // Each of these decodes to U+FFFD; valid UTF-8 elsewhere in the text must not hide it.
    ['an overlong NUL beside valid UTF-8', [0x7b, 0x22, 0xc3, 0xa9, 0x22, 0x3a, 0x22, 0xc0, 0x80, 0x22, 0x7d], 'not-utf8'],
    ['a UTF-16 surrogate in UTF-8', [0x7b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x3a, 0x31, 0x7d], 'not-utf8'],
    ['a truncated sequence at the end', [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x31, 0x7d, 0xe2, 0x82], 'not-utf8'],
    ['a bad byte after a real U+FFFD', [0x7b, 0x22, 0xef, 0xbf, 0xbd, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d], 'not-utf8'],
  ])('%s body is one error finding', (_n, input, code) => {
    const r = checkBody(body(input as string));
    expect(r).toMatchObject({ json: false, valid: false });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].code).toBe(code);
  });

  it('takes a real U+FFFD in the text as the character it is', () => {
    const text = JSON.stringify(sample('PROJECT_MOVEMENT')).replace('"Elon Musk"', '"Elon \uFFFD Musk"');
    const r = checkBody(Buffer.from(text));
    expect(r.errors).toEqual([]);
    expect((r.value as { record: { title: string } }).record.title).toBe('Elon \uFFFD Musk');
  });

  it('says what a number too large for JSON.parse was', () => {
    const text = JSON.stringify(sample('PROJECT_MOVEMENT')).replace('"eventId":432563', '"eventId":1e400');
    const r = checkBody(Buffer.from(text));
    expect(r.errors[0]).toMatchObject({ path: 'event.eventId' });
    expect(r.errors[0].message).toMatch(/too large for a double/);
  });

  it('names line and column of malformed JSON', () => {
    const r = checkBody(Buffer.from('{\n  "event": {\n    "eventId": 1,,\n  }\n}'));
    expect(r.errors[0].message).toMatch(/line 3, column 18/);
  });

  it('accepts a UTF-8 BOM', () => {
    const text = JSON.stringify(sample('PROJECT_MOVEMENT'));
    expect(checkBody(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])).valid).toBe(true);
  });
});
