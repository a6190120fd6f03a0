import { describe, expect, it } from 'vitest';
import { dryRunEntry, dryRunExitCode } from '../../../../src/core/replay/dryRunReport.js';
import { pendingResult, percentile, replayExitCode, summarizeReplay, type DeliveryResult } from '../../../../src/core/replay/replayReport.js';

const r = (over: Partial<DeliveryResult>): DeliveryResult => ({ index: 0, file: 'f', copy: 1, trigger: null, eventId: null, status: 200, attempts: 1, ms: 10, ok: true, ...over });

describe('summary', () => {
  it('takes nearest-rank percentiles', () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 95)).toBe(95);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });
  it('counts sent, succeeded, failed and not sent', () => {
    const s = summarizeReplay(6, [r({}), r({ ms: 30 }), r({ status: 500, ok: false, ms: 20 }), r({ status: null, attempts: 0, ms: null, ok: false, error: 'malformed' }), r({ status: null, ms: 1000, ok: false, error: 'timed out' })], true);
    expect(s).toEqual({ planned: 6, sent: 4, succeeded: 2, failed: 3, cannotChange: 0, notSent: 1, p50Ms: 20, p95Ms: 30, interrupted: true });
  });
  it('counts payloads a change cannot apply to apart from failures', () => {
    const skipped = r({ status: null, attempts: 0, ms: null, ok: false, cannotChange: 'malformed JSON' });
    const s = summarizeReplay(3, [r({}), skipped, skipped], false);
    expect(s).toMatchObject({ sent: 1, succeeded: 1, failed: 0, cannotChange: 2, notSent: 0 });
  });
});

describe('exit codes', () => {
  const s = (over: Partial<ReturnType<typeof summarizeReplay>>) => ({ ...summarizeReplay(1, [r({})], false), ...over });
  it('0 all met --expect, 1 a failure or a payload not sent (cannot change), 130 interrupted', () => {
    expect(replayExitCode(s({}))).toBe(0);
    expect(replayExitCode(s({ failed: 1 }))).toBe(1);
    expect(replayExitCode(s({ cannotChange: 1 }))).toBe(1);
    expect(replayExitCode(s({ cannotChange: 1, interrupted: true }))).toBe(130);
  });
});

describe('dry run entries', () => {
  const pending = pendingResult(0, 1, { name: 'a.json', trigger: 'PROJECT_MOVEMENT', eventId: 5 });
  it('show what would be sent, with secrets redacted', () => {
    const headers = { authorization: 'Bearer x', 'x-env': 's', 'x-original-url': '/hooks/s3cret' };
    const e = dryRunEntry(pending, { body: Buffer.from('{}'), headers, changed: ['event.eventId'], eventId: 9 }, { token: 's3cret' });
    expect(e).toEqual({
      file: 'a.json', copy: 1, trigger: 'PROJECT_MOVEMENT', eventId: 9, bytes: 2,
      headers: { authorization: '***', 'x-env': 's', 'x-original-url': '/hooks/***' }, changed: ['event.eventId'],
    });
  });
  it('tell a payload that cannot be read from one a change cannot apply to', () => {
    const unreadable = dryRunEntry(pending, 'cannot read: EACCES', {});
    const unchangeable = dryRunEntry(pending, { cannotChange: 'no event' }, {});
    expect(unreadable).toMatchObject({ problem: 'cannot read: EACCES', bytes: null });
    expect(unchangeable).toMatchObject({ cannotChange: 'no event', bytes: null });
    expect(dryRunExitCode({ target: 't', entries: [unchangeable] })).toBe(1);
    expect(dryRunExitCode({ target: 't', entries: [] })).toBe(0);
  });
});
