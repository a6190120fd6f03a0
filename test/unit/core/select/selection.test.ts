import { describe, expect, it } from 'vitest';
import { parseSelection, selectsFacts, selectsVerdict, type SelectFacts } from '../../../../src/core/select/selection.js';
import { nothingSelected, selectionNotes } from '../../../../src/core/select/selectionText.js';
import { parseTimeBound } from '../../../../src/core/select/timeBound.js';
import { parseSeqRanges, inSeqRanges } from '../../../../src/core/select/seqRanges.js';

const NOW = Date.parse('2025-01-21T12:00:00.000Z');
const facts = (o: Partial<SelectFacts> = {}): SelectFacts => ({ trigger: 'PROJECT_MOVEMENT', seq: 7, recordId: 396776, at: NOW - 60_000, ...o });
const sel = (flags: Parameters<typeof parseSelection>[0]) => parseSelection(flags, NOW)!;

describe('parseSelection', () => {
  it('is null when no option is given, so nothing needs reading', () => {
    expect(parseSelection({}, NOW)).toBeNull();
    expect(parseSelection({ trigger: [], seq: [] }, NOW)).toBeNull();
  });

  it('takes repeated and comma-separated values, trigger keys in any case', () => {
    const s = sel({ trigger: ['project_movement,TASK_CREATED', 'TASK_CREATED'], record: ['1', '2,3'] });
    expect(s.triggers).toEqual(['PROJECT_MOVEMENT', 'TASK_CREATED']);
    expect(s.records).toEqual(['1', '2', '3']);
    expect(s.text).toBe('--trigger project_movement,TASK_CREATED --record 1,2,3');
  });

  it('refuses values that cannot select anything', () => {
    expect(() => sel({ verdict: ['ok'] })).toThrow(/--verdict takes valid, invalid, warnings; got "ok"/);
    expect(() => sel({ trigger: [' , '] })).toThrow(/--trigger needs a value/);
    expect(() => sel({ since: '2h', until: '3h' })).toThrow(/--since 2h is not before --until 3h/);
  });
});

describe('the rule', () => {
  it('each option narrows; the values of one option widen', () => {
    const s = sel({ trigger: ['PROJECT_MOVEMENT', 'TASK_CREATED'], seq: ['5-12'] });
    expect(selectsFacts(s, facts())).toBe(true);
    expect(selectsFacts(s, facts({ trigger: 'TASK_CREATED' }))).toBe(true);
    expect(selectsFacts(s, facts({ trigger: 'TASK_COMPLETED' }))).toBe(false);
    expect(selectsFacts(s, facts({ seq: 13 }))).toBe(false);
    expect(selectsFacts(s, facts({ seq: null }))).toBe(false);
  });

  it('records compare as text; a payload without the fact is not picked', () => {
    expect(selectsFacts(sel({ record: ['396776'] }), facts())).toBe(true);
    expect(selectsFacts(sel({ record: ['396776'] }), facts({ recordId: '396776' }))).toBe(true);
    expect(selectsFacts(sel({ record: ['1'] }), facts())).toBe(false);
    expect(selectsFacts(sel({ record: ['1'] }), facts({ recordId: null }))).toBe(false);
    expect(selectsFacts(sel({ trigger: ['X'] }), facts({ trigger: null }))).toBe(false);
    expect(selectsFacts(sel({ since: '1h' }), facts({ at: null }))).toBe(false);
  });

  it('--since is inclusive, --until exclusive', () => {
    const s = sel({ since: '2025-01-21T11:00:00Z', until: '2025-01-21T12:00:00Z' });
    expect(selectsFacts(s, facts({ at: Date.parse('2025-01-21T11:00:00Z') }))).toBe(true);
    expect(selectsFacts(s, facts({ at: Date.parse('2025-01-21T12:00:00Z') }))).toBe(false);
    expect(selectsFacts(s, facts({ at: Date.parse('2025-01-21T10:59:59Z') }))).toBe(false);
  });

  it('verdicts: valid allows warnings, invalid has errors, warnings has any warning', () => {
    const v = (names: string[]) => sel({ verdict: names });
    expect(selectsVerdict(v(['valid']), { errors: 0, warnings: 2 })).toBe(true);
    expect(selectsVerdict(v(['valid']), { errors: 1, warnings: 0 })).toBe(false);
    expect(selectsVerdict(v(['invalid']), { errors: 1, warnings: 0 })).toBe(true);
    expect(selectsVerdict(v(['warnings']), { errors: 0, warnings: 0 })).toBe(false);
    expect(selectsVerdict(v(['warnings', 'invalid']), { errors: 3, warnings: 0 })).toBe(true);
    expect(selectsVerdict(sel({ seq: ['1'] }), { errors: 3, warnings: 0 })).toBe(true);
  });
});

describe('values', () => {
  it('--seq ranges', () => {
    const r = parseSeqRanges(['5-12,20', ' 30 ']);
    expect(r).toEqual([[5, 12], [20, 20], [30, 30]]);
    expect([4, 5, 12, 13, 20, 30].map((n) => inSeqRanges(r, n))).toEqual([false, true, true, false, true, true]);
    for (const bad of ['', 'a', '1-', '-3', '1.5', '3-1']) expect(() => parseSeqRanges([bad]), bad).toThrow(/--seq/);
  });

  it('times: ISO (a date alone is UTC midnight) or a time ago', () => {
    expect(parseTimeBound('--since', '2h', NOW)).toBe(NOW - 2 * 3_600_000);
    expect(parseTimeBound('--since', '90s', NOW)).toBe(NOW - 90_000);
    expect(parseTimeBound('--since', '7d', NOW)).toBe(NOW - 7 * 86_400_000);
    expect(parseTimeBound('--since', '1w', NOW)).toBe(NOW - 604_800_000);
    expect(parseTimeBound('--since', '2025-01-21', NOW)).toBe(Date.parse('2025-01-21T00:00:00Z'));
    expect(parseTimeBound('--until', '2025-01-21T06:15:23.687+01:00', NOW)).toBe(Date.parse('2025-01-21T05:15:23.687Z'));
    for (const bad of ['yesterday', '2h ago', '1700000000', '2025-13-45']) expect(() => parseTimeBound('--since', bad, NOW), bad).toThrow(/--since takes an ISO time/);
  });
});

describe('messages', () => {
  const seen = { total: 5, triggers: new Map<string | null, number>([['PROJECT_MOVEMENT', 3], ['TASK_CREATED', 1], [null, 1]]) };

  it('nothing selected says what there was and what a typo meant', () => {
    const text = nothingSelected(sel({ trigger: ['TASK_CREATD'] }), seen, 'captures/');
    expect(text).toBe(
      'nothing selected by --trigger TASK_CREATD in captures/ (5 payloads)\n' +
        '  triggers present: PROJECT_MOVEMENT (3), TASK_CREATED (1), 1 without one\n' +
        '  no payload has trigger TASK_CREATD; did you mean TASK_CREATED?',
    );
    expect(nothingSelected(sel({ seq: ['9'] }), seen, 'captures/')).toBe('nothing selected by --seq 9 in captures/ (5 payloads)');
  });

  it('a partial pick is counted, and a --trigger that matched nothing is named', () => {
    expect(selectionNotes(sel({ trigger: ['PROJECT_MOVEMENT', 'DEAL_STATUS_MOVEMENT'] }), seen, 3, 'captures/')).toEqual([
      'selected 3 of 5 payloads in captures/ (--trigger PROJECT_MOVEMENT,DEAL_STATUS_MOVEMENT)',
      'no payload has trigger DEAL_STATUS_MOVEMENT',
    ]);
  });
});
