import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, SAMPLES, startReceiver, tempDir } from '../helpers/cli.js';
import { send, startListen } from '../helpers/listen.js';
import { eventOf, payloadText, sha256, writePayload } from '../helpers/replayFixtures.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
async function receiver() {
  const r = await startReceiver();
  cleanups.push(r.close);
  return r;
}
async function dir() {
  const t = await tempDir('replay-changes-');
  cleanups.push(t.cleanup);
  return t.dir;
}
/** A folder of mixed triggers: a project movement (which has event.currentStage) and a task event (which does not). */
async function mixedFolder() {
  const d = await dir();
  for (const key of ['PROJECT_MOVEMENT', 'TASK_CREATED']) writeFileSync(path.join(d, `${key}.json`), readFileSync(path.join(SAMPLES, `${key}.json`)));
  return d;
}
/** The report with each note put back on its row (at 80 columns a long note is wrapped below its row). */
const unwrapped = (text: string) => text.replace(/\n {2}(?=\S)/g, ' ');
const xml = (text: string) => new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(text) as {
  testsuites: { testsuite: { tests: string; failures: string; skipped: string; testcase: { name: string; skipped?: { message: string }; failure?: unknown }[] } };
};

describe('replay --set: a path that does not exist', () => {
  it('is a usage error naming the nearest existing path, and nothing is sent (one file, and a folder)', async () => {
    const d = await mixedFolder();
    const rx = await receiver();
    const one = await runCli(['replay', path.join(d, 'PROJECT_MOVEMENT.json'), '--to', rx.url, '--set', 'event.curentStage.name=PTO']);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/--set event\.curentStage\.name: event\.curentStage does not exist in .*PROJECT_MOVEMENT\.json; did you mean event\.currentStage\?/);
    expect(one.stderr).toMatch(/--set-new PATH=VALUE creates missing fields/);
    expect(one.stdout).toBe('');
    const folder = await runCli(['replay', d, '--to', rx.url, '--set', 'event.currentStage.nmae=PTO', '--dry-run']);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/event\.currentStage\.nmae does not exist in any of the 2 payloads; did you mean event\.currentStage\.name\?/);
    expect(rx.received).toHaveLength(0);
  });

  it('--set-new creates it, objects on the way included', async () => {
    const d = await mixedFolder();
    const rx = await receiver();
    const r = await runCli(['replay', path.join(d, 'TASK_CREATED.json'), '--to', rx.url, '--set-new', 'event.meta.source=replay']);
    expect(r.code).toBe(0);
    expect(eventOf(rx.received[0].body).meta).toEqual({ source: 'replay' });
    expect(r.stdout).toMatch(/changed event\.meta\.source/);
  });

  it('on a folder, a payload without the path is "not sent (cannot change)" in every format, not a failure of the receiver', async () => {
    const d = await mixedFolder();
    const rx = await receiver();
    const args = ['replay', d, '--to', rx.url, '--set', 'event.currentStage.name=PTO'];
    const pretty = await runCli(args);
    expect(pretty.code).toBe(1);
    // Only the project movement went out, changed; the task event never gained a currentStage.
    expect(rx.received).toHaveLength(1);
    expect(eventOf(rx.received[0].body)).toMatchObject({ triggerKey: 'PROJECT_MOVEMENT', currentStage: { name: 'PTO' } });
    expect(unwrapped(pretty.stdout)).toMatch(/^OK\s+200\s+.*PROJECT_MOVEMENT\.json\s+changed event\.currentStage\.name$/m);
    expect(unwrapped(pretty.stdout)).toMatch(/^SKIP\s+-\s+0\s+-\s+TASK_CREATED\s+.*TASK_CREATED\.json\s+not sent \(cannot change\): cannot set event\.currentStage\.name: event\.currentStage does not exist$/m);
    expect(pretty.stdout).toMatch(/sent 1, succeeded 1, failed 0, not sent 1 \(cannot change\)/);
    expect(pretty.stderr.replace(/\n(?=.)/g, ' ')).toMatch(/1 delivery was not sent: the change asked for cannot apply to its payload\. Not a failure of the receiver; the exit code is 1 until only payloads the change fits are picked/);
    for (const line of pretty.stderr.split('\n')) expect(line.length).toBeLessThanOrEqual(80);

    const json = await runCli([...args, '--format', 'json']);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as { summary: Record<string, number>; deliveries: Record<string, unknown>[] };
    expect(report.summary).toMatchObject({ planned: 2, sent: 1, succeeded: 1, failed: 0, cannotChange: 1 });
    expect(report.deliveries[1]).toMatchObject({ trigger: 'TASK_CREATED', attempts: 0, cannotChange: 'cannot set event.currentStage.name: event.currentStage does not exist' });

    const junit = await runCli([...args, '--format', 'junit']);
    expect(junit.code).toBe(1);
    const suite = xml(junit.stdout).testsuites.testsuite;
    expect(suite).toMatchObject({ tests: '2', failures: '0', skipped: '1' });
    expect(suite.testcase[1].skipped?.message).toMatch(/^not sent \(cannot change\): cannot set event\.currentStage\.name/);
    expect(rx.received).toHaveLength(3);
  });
});

describe('replay --set and prototype keys', () => {
  it('refuses __proto__, constructor and prototype at parse time (exit 2) and sends nothing', async () => {
    const d = await mixedFolder();
    const rx = await receiver();
    for (const args of [
      ['--set', '__proto__.problem=pwned'],
      ['--set', '__proto__.x=1'],
      ['--set-new', 'record["constructor"].prototype.x=1'],
      ['--set', 'event.prototype=1'],
    ]) {
      const r = await runCli(['replay', d, '--to', rx.url, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/--set(-new)? path ".*": "(__proto__|constructor|prototype)" is not allowed/);
      expect(r.stdout).toBe('');
    }
    expect(rx.received).toHaveLength(0);
  });

  it('walks own properties only: an inherited name is not a field of the payload', async () => {
    const d = await mixedFolder();
    const rx = await receiver();
    const r = await runCli(['replay', path.join(d, 'PROJECT_MOVEMENT.json'), '--to', rx.url, '--set', 'event.toString=1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/event\.toString does not exist/);
    expect(rx.received).toHaveLength(0);
  });
});

describe('replay: a change keeps the rest of the payload as written', () => {
  it('numbers a double cannot hold (a 20-digit value, 1e400) survive --set and --new-ids exactly', async () => {
    const d = await dir();
    const sample = readFileSync(path.join(SAMPLES, 'PROJECT_MOVEMENT.json'), 'utf8');
    const big = sample.replace(/"dealValue":\s*[-0-9.eE]+/, '"dealValue": 12345678901234567890').replace(/\{/, '{"huge": 1e400, "tiny": 0.10000000000000000001, ');
    expect(big).toContain('12345678901234567890');
    writeFileSync(path.join(d, 'big.json'), big);
    const rx = await receiver();
    const r = await runCli(['replay', d, '--to', rx.url, '--set', 'event.currentStage.name=PTO', '--new-ids']);
    expect(r.code).toBe(0);
    const sent = rx.received[0].body.toString('utf8');
    expect(sent).toContain('"dealValue":12345678901234567890');
    expect(sent).toContain('"huge":1e400');
    expect(sent).toContain('"tiny":0.10000000000000000001');
    expect(JSON.parse(sent).event.currentStage.name).toBe('PTO');
  });

  it('--set into a number a double cannot hold is refused like any other number', async () => {
    const d = await dir();
    const sample = readFileSync(path.join(SAMPLES, 'PROJECT_MOVEMENT.json'), 'utf8');
    writeFileSync(path.join(d, 'big.json'), sample.replace(/"dealValue":\s*[-0-9.eE]+/, '"dealValue": 12345678901234567890'));
    const rx = await receiver();
    const r = await runCli(['replay', d, '--to', rx.url, '--set', 'record.dealValue.text=1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/record\.dealValue is a number/);
    expect(rx.received).toHaveLength(0);
  });
});

describe('replay --new-ids', () => {
  it('gives ids that fit a 32-bit integer column, unique in the run and unlike the inputs\' ids', async () => {
    const d = await dir();
    writePayload(d, 'a.json', 1_999_999_999, '2025-01-21T06:00:00.000Z');
    writePayload(d, 'b.json', 432563, '2025-01-21T06:00:01.000Z');
    const rx = await receiver();
    const r = await runCli(['replay', d, '--to', rx.url, '--new-ids', '--times', '25', '--concurrency', '5']);
    expect(r.code).toBe(0);
    const ids = rx.received.map((x) => eventOf(x.body).eventId as number);
    expect(ids).toHaveLength(50);
    expect(new Set(ids).size).toBe(50);
    for (const id of ids) {
      expect(Number.isInteger(id)).toBe(true);
      expect(id).toBeGreaterThanOrEqual(1_900_000_000);
      expect(id).toBeLessThanOrEqual(2_147_483_647);
      expect([1_999_999_999, 432563]).not.toContain(id);
    }
  });

  it('a capture holding a body that is not JSON: the rest are sent, it is "not sent (cannot change)"', async () => {
    const d = await dir();
    const captures = path.join(d, 'captures');
    const l = await startListen(captures);
    try {
      for (let i = 0; i < 3; i++) expect((await send(l.url, payloadText(500 + i, '2025-01-21T06:00:00.000Z'))).status).toBe(200);
      const form = await send(l.url, 'token=abc&status=done', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(form.status).toBe(200);
    } finally {
      await l.run.stop();
    }
    const rx = await receiver();
    const r = await runCli(['replay', captures, '--to', rx.url, '--new-ids']);
    expect(rx.received).toHaveLength(3);
    expect(r.stdout).toMatch(/sent 3, succeeded 3, failed 0, not sent 1 \(cannot change\)/);
    expect(unwrapped(r.stdout)).toMatch(/^SKIP .*\.body\s+not sent \(cannot change\): malformed JSON/m);
    expect(r.stdout).not.toMatch(/^FAIL/m);
    expect(r.code).toBe(1);
    // Unchanged, the stored bytes of every delivery go out, the form body included.
    const plain = await runCli(['replay', captures, '--to', rx.url]);
    expect(plain.code).toBe(0);
    expect(rx.received.slice(3).map((x) => sha256(x.body))).toContain(sha256('token=abc&status=done'));
  });
});

describe('replay: smaller things', () => {
  it('says "1 delivery", not "1 deliveries"', async () => {
    const d = await mixedFolder();
    const rx = await receiver();
    const r = await runCli(['replay', path.join(d, 'TASK_CREATED.json'), '--to', rx.url]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^replaying 1 delivery to /m);
    expect(r.stderr + r.stdout).not.toMatch(/\b1 deliveries\b/);
  });

  it('--to without a scheme suggests one and sends nothing', async () => {
    const d = await mixedFolder();
    const rx = await receiver();
    const hostPort = rx.url.replace('http://127.0.0.1', 'localhost');
    const r = await runCli(['replay', d, '--to', `${hostPort}/hook`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`coperniq-hooks: --to needs a scheme: did you mean http://${hostPort}/hook ?\n`);
    const remote = await runCli(['replay', d, '--to', 'staging.example.com/hook?token=s3cret']);
    expect(remote.stderr).toMatch(/did you mean https:\/\/staging\.example\.com\/hook\?token=\*\*\* \?/);
    expect(remote.stderr).not.toMatch(/s3cret/);
    expect(rx.received).toHaveLength(0);
  });
});
