import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, ROOT, runCli, startCli, startReceiver, tempDir } from '../helpers/cli.js';
import { sha256, writePayload } from '../helpers/replayFixtures.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
async function receiver(...args: Parameters<typeof startReceiver>) {
  const r = await startReceiver(...args);
  cleanups.push(r.close);
  return r;
}
async function twoPayloads() {
  const t = await tempDir('replay-');
  cleanups.push(t.cleanup);
  writePayload(t.dir, 'a.json', 1, '2025-01-21T06:00:01.000Z');
  writePayload(t.dir, 'b.json', 2, '2025-01-21T06:00:02.000Z');
  return t.dir;
}
const deadPort = freePort;
const NO_NETWORK = path.join(ROOT, 'test/helpers/no-network.mjs');

describe('replay: failures are retried, reported and counted', () => {
  it('retries a 503 after the Retry-After the receiver asked for', async () => {
    const d = await twoPayloads();
    let calls = 0;
    const rx = await receiver((_req, res) => {
      calls++;
      if (calls === 1) res.writeHead(503, { 'retry-after': '1' }).end('busy');
      else res.end('ok');
    });
    const r = await runCli(['replay', path.join(d, 'a.json'), '--to', rx.url, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(rx.received).toHaveLength(2);
    // Backoff alone would wait at most 250 ms; one second means Retry-After was honoured.
    expect(rx.received[1].at - rx.received[0].at).toBeGreaterThanOrEqual(950);
    expect(rx.received[1].body.equals(rx.received[0].body)).toBe(true);
    const report = JSON.parse(r.stdout) as { deliveries: { attempts: number; status: number; ok: boolean }[] };
    expect(report.deliveries[0]).toMatchObject({ attempts: 2, status: 200, ok: true });
  });

  it('a 500 that stays 500: every attempt made, each failure reported, exit 1', async () => {
    const d = await twoPayloads();
    const rx = await receiver((_req, res) => res.writeHead(500).end('database is down'));
    const r = await runCli(['replay', d, '--to', rx.url, '--retries', '1']);
    expect(r.code).toBe(1);
    expect(rx.received).toHaveLength(4);
    // A row's note goes on the indented line below it when the row has no room for it.
    const fails = r.stdout.split(/\n(?! )/).filter((l) => l.startsWith('FAIL'));
    expect(fails).toHaveLength(2);
    for (const l of fails) expect(l).toMatch(/FAIL\s+500\s+2\s+.*\s+expected 2xx, answered: database is down/);
    expect(r.stdout).toMatch(/sent 2, succeeded 0, failed 2/);
  });

  it('does not retry a 4xx, and --expect decides what success is', async () => {
    const d = await twoPayloads();
    const rx = await receiver((_req, res) => res.writeHead(404).end());
    const r = await runCli(['replay', path.join(d, 'a.json'), '--to', rx.url]);
    expect(r.code).toBe(1);
    expect(rx.received).toHaveLength(1);
    const ok = await runCli(['replay', path.join(d, 'a.json'), '--to', rx.url, '--expect', '404']);
    expect(ok.code).toBe(0);
    const bad = await runCli(['replay', path.join(d, 'a.json'), '--to', rx.url, '--expect', '2yy']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--expect: "2yy" is not a status/);
  });

  it('gives up on a receiver that does not answer within --timeout', async () => {
    const d = await twoPayloads();
    const rx = await receiver(() => {
      /* never answers */
    });
    const r = await runCli(['replay', path.join(d, 'a.json'), '--to', rx.url, '--timeout', '300', '--retries', '1', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(rx.received).toHaveLength(2);
    const report = JSON.parse(r.stdout) as { deliveries: { error: string; attempts: number; status: null }[] };
    expect(report.deliveries[0]).toMatchObject({ error: 'timed out after 300 ms', attempts: 2, status: null });
  });

  it('reports a refused connection after its retries', async () => {
    const d = await twoPayloads();
    const port = await deadPort();
    const r = await runCli(['replay', d, '--to', `http://127.0.0.1:${port}/hook`, '--retries', '1']);
    expect(r.code).toBe(1);
    const fails = r.stdout.split(/\n(?! )/).filter((l) => l.startsWith('FAIL'));
    expect(fails).toHaveLength(2);
    for (const l of fails) expect(l).toMatch(/FAIL\s+-\s+2\s+.*\s+connection refused/);
  });

  it('reports malformed input files and still sends the rest; nothing on disk changes', async () => {
    const d = await twoPayloads();
    writeFileSync(path.join(d, 'broken.json'), '{"event": {"eventId": 3,}\n');
    writeFileSync(path.join(d, 'latin1.json'), Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]));
    const before = readFileSync(path.join(d, 'broken.json'));
    const rx = await receiver();
    const r = await runCli(['replay', d, '--to', rx.url, '--format', 'junit']);
    expect(r.code).toBe(1);
    expect(rx.received).toHaveLength(2);
    expect(r.stdout).toMatch(/<testsuite [^>]*tests="4" failures="2"/);
    expect(r.stdout).toMatch(/broken\.json[^]*<failure message="malformed JSON at line 1, column 25/);
    expect(r.stdout).toMatch(/latin1\.json[^]*<failure message="not valid UTF-8 \(bad byte 0xe9 at offset 6\)/);
    expect(readFileSync(path.join(d, 'broken.json')).equals(before)).toBe(true);
  });
});

describe('replay: safety, secrets and usage errors', () => {
  it('redacts a token in the URL and auth headers everywhere it prints, but sends them', async () => {
    const d = await twoPayloads();
    const rx = await receiver((_req, res) => res.writeHead(500).end());
    const target = `${rx.url}/hook?token=s3cr3t-value&env=staging`;
    for (const format of ['pretty', 'json', 'junit']) {
      const r = await runCli(['replay', d, '--to', target, '--header', 'Authorization: Bearer hunter2', '--retries', '0', '--format', format]);
      expect(r.code).toBe(1);
      expect(`${r.stdout}${r.stderr}`).not.toMatch(/s3cr3t|hunter2|staging/);
    }
    expect(rx.received[0].url).toBe('/hook?token=s3cr3t-value&env=staging');
    expect(rx.received[0].headers.authorization).toBe('Bearer hunter2');
    const dry = await runCli(['replay', d, '--to', target, '--header', 'Authorization: Bearer hunter2', '--dry-run']);
    expect(dry.stdout).toMatch(/POST http:\/\/127\.0\.0\.1:\d+\/hook\?token=\*\*\*&env=\*\*\*/);
    expect(dry.stdout).toMatch(/authorization: \*\*\*/);
    expect(`${dry.stdout}${dry.stderr}`).not.toMatch(/s3cr3t|hunter2/);
    const bad = await runCli(['replay', d, '--to', 'ftp://x/?token=s3cr3t']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--to must be an http:\/\/ or https:\/\/ URL/);
  });

  it('--dry-run shows target, headers, size and changes and sends nothing', async () => {
    const d = await twoPayloads();
    const rx = await receiver();
    const size = readFileSync(path.join(d, 'a.json')).length;
    const r = await runCli(['replay', d, '--to', `${rx.url}/hook`, '--dry-run', '--header', 'X-Env: staging']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/dry run: nothing sent/);
    expect(r.stdout).toMatch(new RegExp(`send .*a\\.json\\s+PROJECT_MOVEMENT, event 1, ${size} bytes\\s+unchanged`));
    expect(r.stdout).toMatch(/content-type: application\/json/);
    expect(r.stdout).toMatch(/x-env: staging/);
    const changed = await runCli(['replay', d, '--to', rx.url, '--dry-run', '--set', 'event.currentStage.name=PTO', '--format', 'json']);
    const report = JSON.parse(changed.stdout) as { dryRun: boolean; deliveries: { changed: string[]; bytes: number }[] };
    expect(report.dryRun).toBe(true);
    expect(report.deliveries[0].changed).toEqual(['event.currentStage.name']);
    expect(rx.received).toHaveLength(0);
  });

  it('refuses more than 20 deliveries to a host that is not loopback without --yes, before any network use', async () => {
    const d = await twoPayloads();
    const args = ['replay', d, '--to', 'https://staging.example.invalid/hook?token=s3cr3t', '--times', '11'];
    const env = { NODE_OPTIONS: `--import=${NO_NETWORK}` };
    const r = await runCli(args, { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refusing to send 22 deliveries to https:\/\/staging\.example\.invalid \(not this machine\) without --yes; nothing was sent/);
    expect(r.stderr).not.toMatch(/NETWORK-USED|s3cr3t/);
    expect(r.stdout).toBe('');
    // The same run with --yes does reach for the network (refused by the preload): the check above can fail.
    const control = await runCli([...args, '--yes', '--retries', '0'], { env });
    expect(control.stderr).toMatch(/NETWORK-USED/);
    // 20 or fewer, or a loopback host, needs no confirmation.
    const few = await runCli(['replay', d, '--to', 'https://staging.example.invalid/hook', '--times', '10', '--dry-run'], { env });
    expect(few.code).toBe(0);
    const rx = await receiver();
    const local = await runCli(['replay', d, '--to', rx.url.replace('127.0.0.1', 'localhost'), '--times', '11']);
    expect(local.code).toBe(0);
    expect(rx.received).toHaveLength(22);
  });

  it('exits 2 with a clear message for a bad URL, no target, and no inputs', async () => {
    const d = await twoPayloads();
    const notUrl = await runCli(['replay', d, '--to', 'not a url']);
    expect(notUrl.code).toBe(2);
    expect(notUrl.stderr).toMatch(/not a URL: "not a url"/);
    const noTarget = await runCli(['replay', d]);
    expect(noTarget.code).toBe(2);
    expect(noTarget.stderr).toMatch(/no target: give --to URL or set COPERNIQ_HOOKS_TARGET/);
    const empty = await tempDir('replay-empty-');
    cleanups.push(empty.cleanup);
    const none = await runCli(['replay', empty.dir, '--to', 'http://127.0.0.1:9/']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no payload files \(\*\.json\) found in /);
    expect(none.stderr.trim().split('\n')).toHaveLength(1);
    const missing = await runCli(['replay', path.join(d, 'nope.json'), '--to', 'http://127.0.0.1:9/']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such file or directory: .*nope\.json/);
    const header = await runCli(['replay', d, '--to', 'http://127.0.0.1:9/', '--header', 'no colon here']);
    expect(header.code).toBe(2);
    expect(header.stderr).toMatch(/--header must look like "Name: value"/);
  });

  it('stops on Ctrl-C, reports what was sent and exits 130', async () => {
    const d = await twoPayloads();
    writePayload(d, 'c.json', 3, '2025-01-21T06:00:03.000Z');
    let n = 0;
    const rx = await receiver((_req, res) => {
      n++;
      if (n === 1) res.end('ok'); // the second one is held until the test ends
    });
    const run = startCli(['replay', d, '--to', rx.url]);
    cleanups.push(async () => void (await run.stop('SIGKILL')));
    await rx.waitForCount(2);
    run.child.kill('SIGINT');
    const r = await run.exited;
    expect(r.code).toBe(130);
    expect(r.stdout).toMatch(/OK\s+200\s+1 .*a\.json/);
    expect(r.stdout).toMatch(/FAIL\s+-\s+1 .*b\.json\s+interrupted/);
    expect(r.stdout).toMatch(/sent 2, succeeded 1, failed 1, .*not sent 1 \(interrupted\)/);
    expect(r.stderr).toMatch(/interrupted: 2 of 3 deliveries sent/);
    expect(rx.received.map((x) => sha256(x.body))).toHaveLength(2);
  });
});
