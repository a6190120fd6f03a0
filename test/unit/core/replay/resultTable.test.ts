import { describe, expect, it } from 'vitest';
import { summarizeReplay, type DeliveryResult } from '../../../../src/core/replay/replayReport.js';
import { ResultTable, type SentOutcome } from '../../../../src/core/replay/resultTable.js';

const payloads = [
  { name: 'a.json', trigger: 'PROJECT_MOVEMENT', eventId: 5 },
  { name: 'b.json', trigger: null, eventId: 'e-7' },
];
const sent = (over: Partial<SentOutcome> = {}): SentOutcome => ({
  status: 200, attempts: 1, ms: 4.2, totalMs: 4.2, ok: true, bytes: 1156, eventId: 5, changed: [], ...over,
});

describe('ResultTable', () => {
  it('gives the results in plan order, with the keys the JSON report has always had, and none for deliveries not started', () => {
    const table = new ResultTable(payloads, 2);
    table.sent(2, sent({ status: 503, attempts: 3, ms: 1.5, totalMs: 2012.5, ok: false, eventId: 'e-7', answer: 'busy' }));
    table.sent(0, sent());
    table.notSent(3, { error: 'cannot read: ENOENT' });
    expect(table.length).toBe(3);
    const results = [...table];
    expect(results.map((r) => JSON.stringify(r))).toEqual([
      JSON.stringify({ index: 0, file: 'a.json', copy: 1, trigger: 'PROJECT_MOVEMENT', eventId: 5, status: 200, attempts: 1, ms: 4.2, ok: true, totalMs: 4.2, bytes: 1156 }),
      JSON.stringify({ index: 2, file: 'b.json', copy: 1, trigger: null, eventId: 'e-7', status: 503, attempts: 3, ms: 1.5, ok: false, totalMs: 2012.5, bytes: 1156, answer: 'busy' }),
      JSON.stringify({ index: 3, file: 'b.json', copy: 2, trigger: null, eventId: 'e-7', status: null, attempts: 0, ms: null, ok: false, error: 'cannot read: ENOENT' }),
    ]);
    expect(summarizeReplay(4, table, true)).toMatchObject({ planned: 4, sent: 2, succeeded: 1, failed: 2, notSent: 1 });
  });

  it('keeps what a delivery was sent as: no status, a new event id, the changed paths, a change that cannot apply', () => {
    const table = new ResultTable(payloads, 1);
    table.sent(0, sent({ status: null, ok: false, error: 'timed out after 10 s', eventId: 1900000001, changed: ['event.eventId', 'event.firedAt'] }));
    table.notSent(1, { cannotChange: 'no field event.x' });
    const [a, b]: DeliveryResult[] = [...table];
    expect(a).toEqual({ index: 0, file: 'a.json', copy: 1, trigger: 'PROJECT_MOVEMENT', eventId: 1900000001, status: null, attempts: 1, ms: 4.2, ok: false, totalMs: 4.2, bytes: 1156, error: 'timed out after 10 s', changed: ['event.eventId', 'event.firedAt'] });
    expect(b).toEqual({ index: 1, file: 'b.json', copy: 1, trigger: null, eventId: 'e-7', status: null, attempts: 0, ms: null, ok: false, cannotChange: 'no field event.x' });
  });

  it('holds one array per distinct list of changed paths', () => {
    const table = new ResultTable(payloads, 2);
    for (let i = 0; i < 3; i++) table.sent(i, sent({ changed: ['event.x'] }));
    table.sent(3, sent({ changed: ['event.y'] }));
    const [r0, r1, r2, r3] = [...table];
    expect(r0.changed).toBe(r1.changed);
    expect(r1.changed).toBe(r2.changed);
    expect(r3.changed).toEqual(['event.y']);
  });
});
