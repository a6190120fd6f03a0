import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, SAMPLES, startReceiver, tempDir } from '../helpers/cli.js';
import { eventOf, payloadText, sha256, writePayload } from '../helpers/replayFixtures.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
async function receiver(...args: Parameters<typeof startReceiver>) {
  const r = await startReceiver(...args);
  cleanups.push(r.close);
  return r;
}
async function dir() {
  const t = await tempDir('replay-');
  cleanups.push(t.cleanup);
  return t.dir;
}

describe('replay: what arrives', () => {
  it('sends each file byte for byte, in event.firedAt order at concurrency 1, with our headers', async () => {
    const d = await dir();
    // Names sort a, b, c; firedAt says c, a, b.
    const a = writePayload(d, 'a.json', 2, '2025-01-21T06:00:02.000Z');
    const b = writePayload(d, 'b.json', 3, '2025-01-21T06:00:03.000Z');
    const c = writePayload(d, 'c.json', 1, '2025-01-21T06:00:01.000Z');
    const rx = await receiver();
    const r = await runCli(['replay', d, '--to', `${rx.url}/hooks/coperniq`, '--header', 'X-Env: staging']);
    expect(r.stderr).not.toMatch(/warning|error/i);
    expect(r.stderr).not.toMatch(/\[[#.]+\]|\x1b/); // no progress bar, no colour: stderr is not a terminal
    expect(r.stdout).not.toMatch(/\x1b/);
    expect(r.code).toBe(0);
    expect(rx.received.map((x) => sha256(x.body))).toEqual([c, a, b].map(sha256));
    for (const x of rx.received) {
      expect(x.method).toBe('POST');
      expect(x.url).toBe('/hooks/coperniq');
      expect(x.headers['content-type']).toBe('application/json');
      expect(x.headers['user-agent']).toMatch(/^coperniq-hooks\/\d+\.\d+\.\d+/);
      expect(x.headers['x-env']).toBe('staging');
    }
    expect(r.stdout).toMatch(/OK\s+200\s+1\s+\d+ ms\s+PROJECT_MOVEMENT\s+1\s+.*c\.json/);
    expect(r.stdout).toMatch(/sent 3, succeeded 3, failed 0, p50 \d+ ms, p95 \d+ ms/);
  });

  it('takes the target from COPERNIQ_HOOKS_TARGET and a payload from stdin', async () => {
    const rx = await receiver();
    const body = payloadText(77, '2025-01-21T06:00:00.000Z');
    const target = `${rx.url.replace('http://', 'http://hook-user:pa%24s@')}/in`;
    const r = await runCli(['replay', '-', '--format', 'json'], { input: body, env: { COPERNIQ_HOOKS_TARGET: target } });
    expect(r.code).toBe(0);
    expect(rx.received).toHaveLength(1);
    expect(rx.received[0].url).toBe('/in');
    expect(sha256(rx.received[0].body)).toBe(sha256(body));
    // user:password in the URL becomes Basic auth, and is redacted in the report.
    expect(rx.received[0].headers.authorization).toBe(`Basic ${Buffer.from('hook-user:pa$s').toString('base64')}`);
    const report = JSON.parse(r.stdout) as { target: string; deliveries: { file: string; bytes: number }[] };
    expect(report.target).toMatch(/^http:\/\/hook-user:\*\*\*@127\.0\.0\.1:\d+\/in$/);
    expect(report.deliveries[0]).toMatchObject({ file: '-', bytes: Buffer.byteLength(body) });
    expect(r.stdout + r.stderr).not.toMatch(/pa%24s|pa\$s/);
  });

  it('replays a capture directory in index order and re-sends its headers with --keep-headers', async () => {
    const d = await dir();
    const files = ['00000001-PROJECT_MOVEMENT-9.json', '00000002-PROJECT_MOVEMENT-8.json'];
    // firedAt runs backwards: the index, not firedAt, must decide.
    const bodies = [writePayload(d, files[0], 9, '2025-01-21T06:00:09.000Z'), writePayload(d, files[1], 8, '2025-01-21T06:00:01.000Z')];
    const entry = (seq: number, file: string, body: Buffer) => ({
      seq, file, receivedAt: '2025-01-21T06:00:10.000Z', method: 'POST', path: '/hook?token=***',
      headers: {
        host: 'old-host:9999', 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.length),
        connection: 'keep-alive', 'transfer-encoding': 'chunked', 'x-request-id': `req-${seq}`, authorization: '***', 'user-agent': 'Coperniq/1.0',
      },
      remote: '127.0.0.1', bytes: body.length, sha256: sha256(body), trigger: 'PROJECT_MOVEMENT', eventId: 10 - seq, recordId: 1,
      duplicateOf: null, verdict: { json: true, valid: true, errors: 0, warnings: 0, first: [] }, status: 200,
    });
    writeFileSync(path.join(d, 'index.ndjson'), `${JSON.stringify(entry(1, files[0], bodies[0]))}\n${JSON.stringify(entry(2, files[1], bodies[1]))}\n`);
    const rx = await receiver();
    const r = await runCli(['replay', d, '--to', rx.url, '--keep-headers']);
    expect(r.code).toBe(0);
    expect(rx.received.map((x) => sha256(x.body))).toEqual(bodies.map(sha256));
    const h = rx.received[0].headers;
    expect(h['x-request-id']).toBe('req-1');
    expect(h['user-agent']).toBe('Coperniq/1.0');
    expect(h['content-type']).toBe('application/json; charset=utf-8');
    expect(h.host).not.toBe('old-host:9999');
    expect(h['content-length']).toBe(String(bodies[0].length));
    expect(h['transfer-encoding']).toBeUndefined();
    expect(h.authorization).toBeUndefined();

    const plain = await runCli(['replay', d, '--to', rx.url]);
    expect(plain.code).toBe(0);
    expect(rx.received[2].headers['x-request-id']).toBeUndefined();
    expect(rx.received[2].headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('--set changes fields (JSON values or strings), --set-new adds one, re-serialises, reports it, and leaves the file alone', async () => {
    const d = await dir();
    const original = writePayload(d, 'a.json', 5, '2025-01-21T06:00:00.000Z');
    const rx = await receiver();
    const r = await runCli([
      'replay', path.join(d, 'a.json'), '--to', rx.url, '--format', 'json',
      '--set', 'event.currentStage.name=PTO', '--set', 'event.currentStage.id=77', '--set', 'record.trades[1]=Roofing', '--set-new', 'event.extra.flag=true',
    ]);
    expect(r.code).toBe(0);
    const sent = JSON.parse(rx.received[0].body.toString('utf8')) as { event: Record<string, any>; record: Record<string, any> };
    expect(sent.event.currentStage).toEqual({ id: 77, name: 'PTO', type: 'PRODUCTION' });
    expect(sent.record.trades).toEqual(['Solar', 'Roofing']);
    expect(sent.event.extra).toEqual({ flag: true });
    expect(sent.event.eventId).toBe(5);
    expect(rx.received[0].body.toString('utf8')).toBe(JSON.stringify(sent));
    const report = JSON.parse(r.stdout) as { deliveries: { changed: string[] }[] };
    expect(report.deliveries[0].changed).toEqual(['event.extra.flag', 'event.currentStage.name', 'event.currentStage.id', 'record.trades[1]']);
    expect(readFileSync(path.join(d, 'a.json')).equals(original)).toBe(true);
  });

  it('--set that fits no payload is a usage error before anything is sent; so is a bad --set path', async () => {
    const d = await dir();
    writePayload(d, 'a.json', 5, '2025-01-21T06:00:00.000Z');
    const rx = await receiver();
    const r = await runCli(['replay', d, '--to', rx.url, '--set', 'record.title.first=X']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--set record\.title\.first: record\.title is a string, not an object in .*a\.json; nothing was sent/);
    expect(r.stdout).toBe('');
    expect(rx.received).toHaveLength(0);
    const bad = await runCli(['replay', d, '--to', rx.url, '--set', 'event..name=X']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--set path "event\.\.name": empty key/);
  });

  it('--times sends identical bytes again; with --new-ids each copy is a new event', async () => {
    const d = await dir();
    const body = writePayload(d, 'a.json', 5, '2025-01-21T06:00:00.000Z');
    const rx = await receiver();
    const same = await runCli(['replay', d, '--to', rx.url, '--times', '3']);
    expect(same.code).toBe(0);
    expect(rx.received.map((x) => sha256(x.body))).toEqual([sha256(body), sha256(body), sha256(body)]);
    expect(same.stdout).toMatch(/a\.json \(3\/3\)/);

    const fresh = await runCli(['replay', d, '--to', rx.url, '--times', '2', '--new-ids']);
    expect(fresh.code).toBe(0);
    const events = rx.received.slice(3).map((x) => eventOf(x.body));
    expect(events).toHaveLength(2);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(2);
    for (const e of events) {
      expect(typeof e.eventId).toBe('number');
      expect(e.eventId).not.toBe(5);
      expect(e.firedAt).not.toBe('2025-01-21T06:00:00.000Z');
      expect(Date.parse(e.firedAt as string)).toBeGreaterThan(Date.parse('2026-01-01'));
      expect(e.currentStage).toEqual({ id: 2014, name: 'Engineering', type: 'PRODUCTION' });
    }
    expect(fresh.stdout).toMatch(/changed event\.eventId, event\.firedAt/);
  });

  it('--concurrency delivers everything, --rate spaces attempts out', async () => {
    const d = await dir();
    const sums = new Set<string>();
    for (let i = 0; i < 12; i++) sums.add(sha256(writePayload(d, `p${i}.json`, i, `2025-01-21T06:00:${String(i).padStart(2, '0')}.000Z`)));
    const rx = await receiver();
    const r = await runCli(['replay', d, '--to', rx.url, '--concurrency', '5', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(new Set(rx.received.map((x) => sha256(x.body)))).toEqual(sums);
    expect((JSON.parse(r.stdout) as { summary: { sent: number } }).summary.sent).toBe(12);

    const slow = await receiver();
    const rated = await runCli(['replay', ...[0, 1, 2, 3].map((i) => path.join(d, `p${i}.json`)), '--to', slow.url, '--rate', '2']);
    expect(rated.code).toBe(0);
    const at = slow.received.map((x) => x.at);
    // 2 per second: the fourth attempt starts 1 s after the second. Measured from the second
    // arrival, not the first, whose new connection makes it arrive late by an amount a busy
    // machine stretches; what is left is scheduling noise on both ends, allowed a quarter.
    expect(at).toHaveLength(4);
    expect(at[3] - at[1]).toBeGreaterThanOrEqual(750);
  });

  it('--sample sends generated samples in the order given, each a new event; an unknown trigger gets "did you mean"', async () => {
    const rx = await receiver();
    // TASK_COMPLETED fired after PROJECT_CREATED in the samples: the order given wins all the same.
    const r = await runCli(['replay', '--sample', 'TASK_COMPLETED', '--sample', 'project_created', '--sample', 'TASK_COMPLETED', '--to', rx.url]);
    expect(r.code, r.stderr).toBe(0);
    const events = rx.received.map((x) => eventOf(x.body));
    expect(events.map((e) => e.triggerKey)).toEqual(['TASK_COMPLETED', 'PROJECT_CREATED', 'TASK_COMPLETED']);
    // The first is the bundled sample itself; each later one is the next step: a new id, a minute later.
    expect(sha256(rx.received[0].body)).toBe(sha256(readFileSync(path.join(SAMPLES, 'TASK_COMPLETED.json'))));
    expect(new Set(events.map((e) => e.eventId)).size).toBe(3);
    // Every step counts from the first one, whatever trigger the step is (each template has its own id and time).
    expect(events.map((e) => Number(e.eventId) - Number(events[0].eventId))).toEqual([0, 1, 2]);
    expect(events.map((e) => Date.parse(String(e.firedAt)) - Date.parse(String(events[0].firedAt)))).toEqual([0, 60_000, 120_000]);
    // 80 columns (not a terminal): the file column gives way first, cut from its start.
    expect(r.stdout).toMatch(/OK\s+200\s+1\s+.*TASK_COMPLETED\s+\S+\s+\S*mple TASK_COMPLETED/);
    const changed = await runCli(['replay', '--sample', 'PROJECT_MOVEMENT', '--set', 'event.currentStage.name=PTO', '--to', rx.url]);
    expect(changed.code).toBe(0);
    expect(eventOf(rx.received[3].body).currentStage).toMatchObject({ name: 'PTO' });
    const unknown = await runCli(['replay', '--sample', 'PROJECT_MOVMENT', '--to', rx.url]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown --sample trigger "PROJECT_MOVMENT"; did you mean PROJECT_MOVEMENT\?/);
    const far = await runCli(['replay', '--sample', 'EXPLODED', '--to', rx.url]);
    expect(far.stderr).toMatch(/unknown --sample trigger "EXPLODED"; known triggers: PROJECT_MOVEMENT, .*APPOINTMENT_RESCHEDULED/);
    expect(rx.received).toHaveLength(4);
  });
});
