/**
 * Issue 9 "Picking what to act on": validate, replay and diff share --trigger, --seq, --verdict,
 * --record, --since and --until; validate's old --trigger is --as now, and an old-style use does
 * not pass quietly.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli, startReceiver, tempDir } from '../helpers/cli.js';
import { faulty, sample, type Json } from '../helpers/payloads.js';

let dir: string;
let cleanup: () => Promise<void>;
let cap: string;
let plain: string;

const withEvent = (p: Json, eventId: number, recordId: number, firedAt: string) => {
  p.event.eventId = eventId;
  p.event.recordId = recordId;
  p.record.id = recordId;
  p.event.firedAt = firedAt;
  return p;
};

/**
 * The capture directory is made by the real `listen`: seq 1 PROJECT_MOVEMENT (valid, record 11),
 * 2 TASK_CREATED (valid), 3 PROJECT_MOVEMENT (invalid: eventId a string, record 12),
 * 4 REQUEST_CREATED (valid with a warning), 5 a body that is not JSON.
 */
async function captureWithListen(): Promise<void> {
  const run = startCli(['listen', '--port', '0', '--dir', cap]);
  try {
    const url = (await run.waitFor(/listening on (http:\/\/\S+)/, 'stderr'))[1];
    const bodies = [
      JSON.stringify(withEvent(sample('PROJECT_MOVEMENT'), 1, 11, '2025-01-21T06:00:00.000Z')),
      JSON.stringify(sample('TASK_CREATED')),
      JSON.stringify(faulty('PROJECT_MOVEMENT', (p) => withEvent(p, 3, 12, '2025-01-21T07:00:00.000Z') && (p.event.eventId = 'three'))),
      JSON.stringify(faulty('REQUEST_CREATED', (p) => (p.record.primaryEmail = 'maria@'))),
      'hello, not json',
    ];
    for (const body of bodies) {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
  } finally {
    await run.stop('SIGINT');
  }
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('select-'));
  cap = path.join(dir, 'captures');
  plain = path.join(dir, 'fixtures');
  await mkdir(plain);
  await captureWithListen();
  await writeFile(path.join(plain, 'jan21.json'), JSON.stringify(withEvent(sample('PROJECT_MOVEMENT'), 21, 11, '2025-01-21T06:00:00.000Z')));
  await writeFile(path.join(plain, 'jan22.json'), JSON.stringify(withEvent(sample('PROJECT_MOVEMENT'), 22, 12, '2025-01-22T06:00:00.000Z')));
  await writeFile(path.join(plain, 'task.json'), JSON.stringify(sample('TASK_COMPLETED')));
});
afterAll(async () => cleanup());

const files = (stdout: string) => JSON.parse(stdout).results.map((r: { file: string }) => path.basename(r.file));
const seqs = (stdout: string) => files(stdout).map((f: string) => Number(f.slice(0, 8)));

describe('validate', () => {
  it('--trigger, --seq, --record pick capture deliveries by their index line', async () => {
    const t = await runCli(['validate', cap, '--trigger', 'PROJECT_MOVEMENT', '--format', 'json']);
    expect(t.code).toBe(1);
    expect(seqs(t.stdout)).toEqual([1, 3]);
    expect(t.stderr).toMatch(/selected 2 of 5 payloads in .*captures \(--trigger PROJECT_MOVEMENT\)/);

    const s = await runCli(['validate', cap, '--seq', '2,4-5', '--format', 'json']);
    expect(seqs(s.stdout)).toEqual([2, 4, 5]);
    const many = await runCli(['validate', cap, '-t', 'task_created', '--trigger', 'REQUEST_CREATED', '--format', 'json']);
    expect(seqs(many.stdout)).toEqual([2, 4]);
    expect(many.code).toBe(0);

    const r = await runCli(['validate', cap, '--record', '12', '--format', 'json']);
    expect(seqs(r.stdout)).toEqual([3]);
  });

  it('--verdict goes by the check validate runs (--strict turns warnings into errors)', async () => {
    const invalid = await runCli(['validate', cap, '--verdict', 'invalid', '--format', 'json']);
    expect(invalid.code).toBe(1);
    expect(seqs(invalid.stdout)).toEqual([3, 5]);
    const warnings = await runCli(['validate', cap, '--verdict', 'warnings', '--format', 'json']);
    expect(warnings.code).toBe(0);
    expect(seqs(warnings.stdout)).toEqual([4]);
    const strict = await runCli(['validate', cap, '--verdict', 'invalid', '--strict', '--format', 'json']);
    expect(seqs(strict.stdout)).toEqual([3, 4, 5]);
    const plainValid = await runCli(['validate', plain, '--verdict', 'valid', '--format', 'json']);
    expect(files(plainValid.stdout)).toEqual(['jan21.json', 'jan22.json', 'task.json']);
  });

  it('--since/--until go by arrival for captures and by event.firedAt for plain files', async () => {
    const recent = await runCli(['validate', cap, '--since', '1h', '--format', 'json']);
    expect(seqs(recent.stdout)).toEqual([1, 2, 3, 4, 5]);
    const old = await runCli(['validate', cap, '--until', '1h']);
    expect(old.code).toBe(2);
    expect(old.stderr).toMatch(/nothing selected by --until 1h in .*captures \(5 payloads\)/);

    const day = await runCli(['validate', plain, '--since', '2025-01-21', '--until', '2025-01-22', '--format', 'json']);
    expect(files(day.stdout)).toEqual(['jan21.json']);
    const bad = await runCli(['validate', plain, '--since', 'yesterday']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--since takes an ISO time such as 2025-01-21T06:00:00Z or 2025-01-21, or a time ago such as 30m, 2h, 7d; got "yesterday"/);
  });

  it('--seq on plain files says that it numbers capture deliveries only', async () => {
    const r = await runCli(['validate', plain, '--seq', '1-3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--seq picks deliveries of a capture directory \(listen --dir\) by sequence number, and none of the inputs is one/);
    const mixed = await runCli(['validate', cap, plain, '--seq', '1', '--format', 'json']);
    expect(seqs(mixed.stdout)).toEqual([1]);
    expect(mixed.stderr).toMatch(/--seq numbers capture deliveries only: 3 inputs outside a capture directory left out/);
  });

  it('an old-style --trigger on a file of another trigger selects nothing (exit 2) and points to --as', async () => {
    const file = path.join(plain, 'task.json');
    for (const flag of ['--trigger', '-t']) {
      const r = await runCli(['validate', file, flag, 'PROJECT_MOVEMENT']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/nothing selected: .*task\.json does not match --trigger PROJECT_MOVEMENT\n {2}its trigger: TASK_COMPLETED\n {2}to check payloads as another trigger, use --as KEY/);
    }
    const as = await runCli(['validate', file, '--as', 'PROJECT_MOVEMENT', '--format', 'json']);
    expect(as.code).toBe(1);
    expect(JSON.parse(as.stdout).results[0].trigger).toBe('PROJECT_MOVEMENT');
  });

  it('a --trigger typo gets "did you mean", from the triggers present first', async () => {
    const none = await runCli(['validate', cap, '--trigger', 'PROJECT_MOVMENT']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/\n {2}triggers present: PROJECT_MOVEMENT \(2\), REQUEST_CREATED \(1\),\n {4}TASK_CREATED \(1\), 1 without one\n/);
    expect(none.stderr).toMatch(/no payload has trigger PROJECT_MOVMENT; did you mean PROJECT_MOVEMENT\?/);
    const some = await runCli(['validate', cap, '--trigger', 'PROJECT_MOVEMENT,TASK_CREATD', '--format', 'json']);
    expect(seqs(some.stdout)).toEqual([1, 3]);
    expect(some.stderr).toMatch(/no payload has trigger TASK_CREATD; did you mean TASK_CREATED\?/);
  });

  it('bad selection values are usage errors', async () => {
    for (const [args, message] of [
      [['--verdict', 'green'], /--verdict takes valid, invalid, warnings; got "green"/],
      [['--seq', '5-x'], /--seq takes sequence numbers and ranges such as 5-12,20; got "5-x"/],
      [['--seq', '9-2'], /--seq 9-2: the range ends before it starts/],
      [['--since', '2025-02-01', '--until', '2025-01-01'], /--since 2025-02-01 is not before --until 2025-01-01/],
    ] as const) {
      const r = await runCli(['validate', cap, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});

describe('the unknown-trigger check, once, with "did you mean"', () => {
  it('validate --as and schema --trigger', async () => {
    const as = await runCli(['validate', 'samples', '--as', 'PROJECT_MOVMENT']);
    expect(as.code).toBe(2);
    expect(as.stderr).toMatch(/unknown --as "PROJECT_MOVMENT"; did you mean PROJECT_MOVEMENT\?/);
    const schema = await runCli(['schema', '--trigger', 'TASK_COMPLETD']);
    expect(schema.code).toBe(2);
    expect(schema.stderr).toMatch(/unknown --trigger "TASK_COMPLETD"; did you mean TASK_COMPLETED\?/);
    const far = await runCli(['schema', '--trigger', 'NOPE']);
    expect(far.stderr).toMatch(/unknown --trigger "NOPE"; known triggers: PROJECT_MOVEMENT, /);
    const lower = await runCli(['schema', '--trigger', 'project_movement']);
    expect(lower.code).toBe(0);
  });
});

describe('replay', () => {
  it('sends only what the selection picks, and counts only that for the plan', async () => {
    const rx = await startReceiver();
    try {
      const r = await runCli(['replay', cap, '--to', rx.url, '--verdict', 'valid', '--seq', '1-4', '--format', 'json']);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/replaying 3 deliveries/);
      expect(rx.received.map((x) => JSON.parse(x.body.toString()).event.triggerKey)).toEqual(['PROJECT_MOVEMENT', 'TASK_CREATED', 'REQUEST_CREATED']);
    } finally {
      await rx.close();
    }
  });

  it('picks plain files and samples by their payload; nothing selected sends nothing (exit 2)', async () => {
    const dry = await runCli(['replay', plain, '--record', '12', '--dry-run', '--to', 'http://127.0.0.1:9/', '--format', 'json']);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout).deliveries.map((d: { file: string }) => path.basename(d.file))).toEqual(['jan22.json']);
    const none = await runCli(['replay', '--sample', 'TASK_CREATED', '--trigger', 'PROJECT_MOVEMENT', '--to', 'http://127.0.0.1:9/']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/nothing selected: --sample TASK_CREATED does not match --trigger PROJECT_MOVEMENT\n {2}its trigger: TASK_CREATED\n$/);
  });
});

describe('diff', () => {
  it('narrows each side to what the selection picks', async () => {
    const r = await runCli(['diff', cap, plain, '--shape', '--trigger', 'PROJECT_MOVEMENT', '--format', 'json']);
    const report = JSON.parse(r.stdout);
    expect(report.pairs.map((p: { a: string }) => p.a)).toEqual([`PROJECT_MOVEMENT (2 in ${cap})`]);
    expect(report.onlyInA).toEqual([]);
    expect(report.onlyInB).toEqual([]);
    const none = await runCli(['diff', cap, plain, '--shape', '--trigger', 'TASK_CREATED']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/nothing selected by --trigger TASK_CREATED in .*fixtures \(3 payloads\)/);
  });
});
