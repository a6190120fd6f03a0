import { describe, expect, it } from 'vitest';
import { replayCases, summarizeReplay, type DeliveryResult, type ReplayReport } from '../../../../src/core/replay/replayReport.js';
import { renderJunit } from '../../../../src/render/junit.js';
import { PLAIN } from '../../../../src/render/paint.js';
import { renderReplayJson, renderReplayPretty } from '../../../../src/render/replay/replayReport.js';

const pretty = (r: ReplayReport, width = 200) => [...renderReplayPretty(r, PLAIN, width)].join('');

const result = (i: number, over: Partial<DeliveryResult> = {}): DeliveryResult => ({
  index: i, file: `f${i}.json`, copy: 1, trigger: 'PROJECT_MOVEMENT', eventId: i, status: 200, attempts: 1, ms: 5, ok: true, bytes: 10, ...over,
});
const report = (results: DeliveryResult[], times = 1): ReplayReport => ({
  target: 'http://127.0.0.1:1/hook?token=***', expect: '2xx', times, results, summary: summarizeReplay(results.length, results, false),
});

describe('replay reports', () => {
  it('pretty: a row per delivery with its error or changes, then the summary', () => {
    const text = pretty(report([
      result(0, { changed: ['event.eventId'] }),
      result(1, { status: 500, ok: false, attempts: 3, answer: 'db down' }),
      result(2, { status: null, ok: false, attempts: 0, ms: null, error: 'malformed JSON at line 1, column 2: unexpected "x"' }),
    ]));
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^result\s+status\s+tries\s+time\s+trigger\s+event\s+file$/);
    expect(lines[1]).toMatch(/^OK\s+200\s+1\s+5 ms\s+PROJECT_MOVEMENT\s+0\s+f0\.json\s+changed event\.eventId$/);
    expect(lines[2]).toMatch(/^FAIL\s+500\s+3\s+5 ms\s+.*f1\.json\s+expected 2xx, answered: db down$/);
    expect(lines[3]).toMatch(/^FAIL\s+-\s+0\s+-\s+.*f2\.json\s+malformed JSON/);
    expect(lines[4]).toBe('sent 2, succeeded 1, failed 2, p50 5 ms, p95 5 ms');
  });

  it('streams big reports in small chunks that add up to the whole', () => {
    const many = report(Array.from({ length: 2500 }, (_, i) => result(i)), 1);
    const chunks = [...renderReplayPretty(many, PLAIN, 80)];
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.join('').split('\n').filter((l) => l.startsWith('OK'))).toHaveLength(2500);
    const json = [...renderReplayJson(many)];
    expect(json.length).toBeGreaterThan(2);
    // Each under V8's large-object size, so a chunk written and dropped dies young.
    for (const chunk of [...chunks, ...json]) expect(chunk.length).toBeLessThan(64 * 1024);
    const r = many;
    expect(json.join('')).toBe(`${JSON.stringify({ target: r.target, expect: r.expect, summary: r.summary, deliveries: r.results }, null, 2)}\n`);
    expect(JSON.parse([...renderReplayJson(report([]))].join(''))).toMatchObject({ deliveries: [] });
  });

  it('junit: a case per delivery, copies told apart, failures with their reason', () => {
    const xml = renderJunit(replayCases(report([result(0, { copy: 1 }), result(0, { copy: 2, status: 503, ok: false, attempts: 3 })], 2)));
    expect(xml).toMatch(/<testsuite [^>]*tests="2" failures="1"/);
    expect(xml).toContain('name="f0.json (1/2)"');
    expect(xml).toMatch(/name="f0\.json \(2\/2\)"[^]*<failure message="HTTP 503 \(expected 2xx\)"/);
  });

  it('a payload a change cannot apply to is "not sent (cannot change)" in every format, never a failure', () => {
    const r = report([result(0), result(1, { status: null, attempts: 0, ms: null, ok: false, cannotChange: 'malformed JSON at line 1, column 1' })]);
    const lines = pretty(r).trimEnd().split('\n');
    expect(lines[2]).toMatch(/^SKIP\s+-\s+0\s+-\s+.*f1\.json\s+not sent \(cannot change\): malformed JSON at line 1, column 1$/);
    expect(lines[3]).toBe('sent 1, succeeded 1, failed 0, not sent 1 (cannot change), p50 5 ms, p95 5 ms');
    const json = JSON.parse([...renderReplayJson(r)].join('')) as { summary: Record<string, number>; deliveries: Record<string, unknown>[] };
    expect(json.summary).toMatchObject({ failed: 0, cannotChange: 1 });
    expect(json.deliveries[1]).toMatchObject({ cannotChange: 'malformed JSON at line 1, column 1', ok: false });
    const xml = renderJunit(replayCases(r));
    expect(xml).toMatch(/<testsuite [^>]*tests="2" failures="0" errors="0" skipped="1"/);
    expect(xml).toMatch(/name="f1\.json"[^>]*>\s*<skipped message="not sent \(cannot change\): malformed JSON at line 1, column 1"\/>/);
    expect(xml).not.toContain('<failure');
  });
});

describe('replay reports at 80 columns', () => {
  it('cut the file from its start, then the trigger, and put a note that does not fit below its row', () => {
    const long = report([
      result(0, { file: 'captures-from-the-staging-run/00000012-PROJECT_PHASE_SLA_VIOLATION-432563.json', trigger: 'PROJECT_PHASE_SLA_VIOLATION' }),
      result(1, { status: 500, ok: false, attempts: 3, answer: 'the database is down for maintenance until further notice, try later' }),
    ]);
    const lines = pretty(long, 80).trimEnd().split('\n');
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(lines[1]).toMatch(/^OK\s+200\s+1\s+5 ms\s+PROJECT_PHASE_SLA_VIOL\S*…\s+0\s+…ION-432563\.json$/);
    expect(lines[2]).toMatch(/^FAIL\s+500\s+3\s+5 ms\s+PROJECT_MOVEMENT\s+1\s+f1\.json$/);
    expect(lines[3]).toBe('  expected 2xx, answered: the database is down for maintenance until further');
    expect(lines[4]).toBe('  notice, try later');
  });
});
