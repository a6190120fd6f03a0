/**
 * The example receivers in examples/ (Express, Hono on @hono/node-server, plain node:http),
 * type-checked and built with tsc, then driven by the CLI as a user would: replay and listen
 * --forward-to. Their handlers post to a downstream service (NOTIFY_URL), here a loopback server
 * that counts what it gets and can fail on purpose.
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, SAMPLES, runCli, startReceiver, startScript, tempDir, type Running } from '../helpers/cli.js';
import { startListen } from '../helpers/listen.js';

const TOKEN = 'example-token';
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');
const EXAMPLES = path.join(ROOT, 'examples');
const SAMPLE_COUNT = readdirSync(SAMPLES).filter((f) => f.endsWith('.json')).length;

interface Message {
  channel: string;
  text: string;
}

/** The downstream service: counts messages per channel and event; fails the ones `failOnce` names, once. */
async function downstream() {
  const messages: Message[] = [];
  const failOnce = new Set<string>();
  const rx = await startReceiver((r, res) => {
    const m = JSON.parse(r.body.toString()) as Message;
    const key = `${m.channel} ${m.text.split(':')[0]}`;
    if (failOnce.delete(key)) return void res.writeHead(503).end('try later');
    messages.push(m);
    res.end('ok');
  });
  const count = (channel: string, eventId: number | string) => messages.filter((m) => m.channel === channel && m.text.startsWith(`${eventId}:`)).length;
  return { ...rx, messages, failOnce, count };
}

beforeAll(async () => {
  // `tsc` on the examples: they must compile against the built package's types (self-reference).
  const r = await promisify(execFile)(process.execPath, [TSC, '-p', EXAMPLES]).catch((e: { stdout: string; code: number }) => e);
  expect('code' in r ? r.stdout : '', 'tsc -p examples').toBe('');
}, 120_000);

describe.each(['express', 'hono', 'node-http'])('examples/%s.ts', (name) => {
  let app: Running;
  let base: string;
  let down: Awaited<ReturnType<typeof downstream>>;
  let work: Awaited<ReturnType<typeof tempDir>>;

  beforeAll(async () => {
    down = await downstream();
    work = await tempDir('example-');
    app = startScript(path.join(EXAMPLES, 'dist', `${name}.js`), [], { env: { COPERNIQ_TOKEN: TOKEN, PORT: '0', NOTIFY_URL: down.url } });
    const m = await app.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)\/coperniq\/<token>/);
    base = `${m[1]}/coperniq`;
  });
  afterAll(async () => {
    await app?.stop();
    await down?.close();
    await work?.cleanup();
  });
  afterEach(() => down.failOnce.clear());

  it('replay samples/ --times 2: every handler runs exactly once per event, every delivery gets 200', async () => {
    const r = await runCli(['replay', SAMPLES, '--times', '2', '--to', `${base}/${TOKEN}`, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { deliveries: { status: number; eventId: number; copy: number }[] };
    expect(report.deliveries).toHaveLength(SAMPLE_COUNT * 2);
    expect(report.deliveries.every((x) => x.status === 200)).toBe(true);
    for (const { eventId } of report.deliveries) expect(down.count('all', eventId), `all ${eventId}`).toBe(1);
    expect(down.messages.filter((m) => m.channel === 'all')).toHaveLength(SAMPLE_COUNT);
    expect(down.messages.filter((m) => m.channel === 'stages').map((m) => m.text)).toEqual(['432563: Elon Musk moved to Engineering']);
  }, 60_000);

  it('a handler that fails once (its downstream answers 503) gets 500, replay --retries sends it again, and only that handler runs again', async () => {
    const payload = await runCli(['sample', 'PROJECT_MOVEMENT', '--stage', 'PTO', '--event-id', '700001']);
    down.failOnce.add('stages 700001');
    const r = await runCli(['replay', '-', '--to', `${base}/${TOKEN}`, '--retries', '2', '--format', 'json'], { input: payload.stdout });
    expect(r.code, r.stderr).toBe(0);
    const [result] = (JSON.parse(r.stdout) as { deliveries: { status: number; attempts: number }[] }).deliveries;
    expect(result).toMatchObject({ status: 200, attempts: 2 });
    expect(down.failOnce.size).toBe(0);
    expect([down.count('stages', 700001), down.count('all', 700001)]).toEqual([1, 1]);
  }, 60_000);

  it('a wrong token gets 401 and runs nothing', async () => {
    const before = down.messages.length;
    const r = await runCli(['replay', '--sample', 'TASK_CREATED', '--new-ids', '--to', `${base}/not-the-token`, '--retries', '0']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL\s+401\s/);
    expect(r.stdout).toMatch(/answered: \{"error":"wrong or missing token"\}/);
    expect(down.messages.length).toBe(before);
  });

  it('listen --forward-to in front of it shows its answers: 200, a duplicate, and a 500', async () => {
    const listen = await startListen(path.join(work.dir, 'captures'), ['--forward-to', `${base}/${TOKEN}`]);
    try {
      const payload = (await runCli(['sample', 'TASK_COMPLETED', '--event-id', '700100'])).stdout;
      for (let i = 0; i < 2; i++) expect((await runCli(['replay', '-', '--to', listen.url], { input: payload })).code).toBe(0);
      await listen.run.waitFor(/-> forward 200[^\n]*\n[^\n]*-> forward 200/);
      expect(down.count('all', 700100)).toBe(1);
      down.failOnce.add('stages 700101');
      const failing = (await runCli(['sample', 'PROJECT_MOVEMENT', '--event-id', '700101'])).stdout;
      const r = await runCli(['replay', '-', '--to', listen.url, '--retries', '0'], { input: failing });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/FAIL\s+500\s/);
      await listen.run.waitFor(/-> forward 500 \d+ms event 700101[^\n]*\n\s*forward answered: \{"error":"a handler failed; send it again","eventId":700101\}/);
    } finally {
      await listen.run.stop();
    }
  }, 60_000);
});
