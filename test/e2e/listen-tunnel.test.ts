/**
 * Issue 11: `listen --tunnel` against a fake cloudflared (test/fixtures/fake-tunnels/cloudflared)
 * that takes the real command line, prints the real log lines (formats cited there, from
 * cloudflare/cloudflared's source) and really proxies its "public" https side to the capture
 * port. Cloudflare itself is out of reach here: see the README for what was tested against what.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, tempDir } from '../helpers/cli.js';
import { PAYLOAD, payloadWith, readIndex, send, sha256, startListen } from '../helpers/listen.js';
import { fakeBin, pasteUrls, sendPublic, tunnelEnv, watchTunnels } from '../helpers/tunnels.js';

let cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function setup() {
  const t = await tempDir('listen-tunnel-');
  cleanups.push(t.cleanup);
  const watch = await watchTunnels();
  cleanups.push(watch.close);
  const env = tunnelEnv(watch.port, fakeBin(path.join(t.dir, 'bin'), ['cloudflared']));
  return { dir: path.join(t.dir, 'captures'), root: t.dir, watch, env };
}

async function tunnelled(args: string[] = []) {
  const s = await setup();
  const l = await startListen(s.dir, ['--tunnel', ...args], s.env);
  cleanups.push(() => l.run.stop('SIGKILL'));
  await l.run.waitFor(/checked: |warning: a GET through/, 'stderr');
  const paste = pasteUrls(l.run.stderr())[0];
  return { ...s, l, paste, token: new URL(paste).searchParams.get('token') ?? '' };
}

describe('listen --tunnel (fake cloudflared)', () => {
  it('prints one URL to paste with a generated token, checks it end to end, and captures a delivery through it byte for byte', async () => {
    const { l, paste, token, dir } = await tunnelled(['--json']);
    expect(paste).toMatch(/^https:\/\/t\d+-[a-z-]+\.trycloudflare\.com\/\?token=[\w-]{24}$/);
    const stderr = l.run.stderr();
    expect(stderr).toMatch(/starting a Cloudflare quick tunnel \(.*cloudflared\)/);
    expect(stderr).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+\/ \(local\)/);
    expect(stderr).toContain('(token generated for this run;');
    expect(stderr).toMatch(/checked: a GET through t\d+-[a-z-]+\.trycloudflare\.com reached this listen: Coperniq will be able to reach it/);
    // Shown once: in the paste line, nowhere else on the terminal.
    expect(stderr.split(token)).toHaveLength(2);
    await l.run.waitFor(/"state":"checked"/, 'stdout');
    const lines = l.run.stdout().trim().split('\n').map((x) => JSON.parse(x) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ type: 'ready', publicUrl: paste });
    expect(lines).toContainEqual({ type: 'tunnel', state: 'checked', reached: true, coperniqCanReach: true, detail: '' });

    const body = Buffer.concat([Buffer.from(' \t'), PAYLOAD, Buffer.from('\r\n ')]); // bytes a re-serialiser would lose
    const answer = await sendPublic(paste, body);
    expect(answer.status).toBe(200);
    await l.run.waitFor(/#1 PROJECT_MOVEMENT/, 'stderr');
    const [entry] = readIndex(dir);
    expect(readFileSync(path.join(dir, entry.file)).equals(body)).toBe(true);
    expect(entry.sha256).toBe(sha256(body));
    expect(entry.headers['x-forwarded-proto']).toBe('https');
    expect(JSON.stringify(entry)).not.toContain(token);
    // The public side without the token is refused, and nothing is stored.
    expect((await sendPublic(new URL(paste).origin + '/', body)).status).toBe(401);
    expect(readIndex(dir)).toHaveLength(1);
  });

  it('when the tunnel dies: a loud warning, local capture goes on, a restart, and a new URL that works', async () => {
    const { l, paste, token, watch, dir } = await tunnelled(['--json']);
    await watch.startedCount(1);
    process.kill(watch.started[0].pid, 'SIGKILL');
    await l.run.waitFor(/TUNNEL DOWN: cloudflared was killed \(SIGKILL\)\n.*local capture goes on; restarting in 1 s/, 'stderr');
    const local = `${l.base}/?token=${token}`;
    expect((await send(local, payloadWith(1))).status).toBe(200);
    await l.run.waitFor(/tunnel back up with a NEW URL \(quick tunnel URLs change\)[^]*checked: .*reached this listen/, 'stderr');
    const again = pasteUrls(l.run.stderr())[1];
    expect(new URL(again).host).not.toBe(new URL(paste).host);
    expect(new URL(again).searchParams.get('token')).toBe(token);
    expect((await sendPublic(again, payloadWith(2))).status).toBe(200);
    expect(readIndex(dir).map((e) => e.eventId)).toEqual([1, 2]);
    await l.run.waitFor(/"state":"up"/, 'stdout');
    const json = l.run.stdout().trim().split('\n').map((x) => JSON.parse(x) as Record<string, unknown>);
    expect(json).toContainEqual({ type: 'tunnel', state: 'down', reason: 'cloudflared was killed (SIGKILL)', retryInMs: 1000 });
    expect(json).toContainEqual({ type: 'tunnel', state: 'up', publicUrl: again });
    expect(watch.running()).toHaveLength(1);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('%s: deliveries in flight answer through the tunnel, then it stops with listen (exit 0, nothing left running)', async (sig) => {
    const { l, paste, watch } = await tunnelled(['--delay', '20000']);
    const inflight = sendPublic(paste, payloadWith(7));
    await l.run.waitFor(/#1 PROJECT_MOVEMENT/, 'stderr');
    l.run.child.kill(sig);
    expect((await inflight).status).toBe(200);
    const r = await l.run.exited;
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/stopped: 1 captured/);
    // listen waits for its tunnel to end before it exits: nothing to wait for here.
    expect(watch.running()).toEqual([]);
    const guard = watch.started[0].ppid;
    expect(() => process.kill(guard, 0)).toThrow();
  });

  it('kill -9 of listen itself leaves no cloudflared behind (the guard stops it)', async () => {
    const { l, watch } = await tunnelled();
    expect(watch.running()).toHaveLength(1);
    l.run.child.kill('SIGKILL');
    await l.run.exited;
    await watch.allGone();
  });

  it('the parent of listen dying (SIGKILL of a wrapper, as a killed npx) stops listen and its tunnel', async () => {
    const s = await setup();
    const script = `const c = require('node:child_process').spawn(process.execPath, ${JSON.stringify([BIN, 'listen', '--port', '0', '--dir', s.dir, '--tunnel'])}, { stdio: 'inherit' });
setInterval(() => {}, 1000);`;
    const w = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...s.env } });
    cleanups.push(() => void w.kill('SIGKILL'));
    let err = '';
    const closed = new Promise<void>((resolve) => w.on('close', () => resolve()));
    const paste = new Promise<void>((resolve) => w.stderr.setEncoding('utf8').on('data', (d: string) => ((err += d), /checked: /.test(err) && resolve())));
    await paste;
    expect(s.watch.running()).toHaveLength(1);
    w.kill('SIGKILL');
    await closed; // every holder of the wrapper's pipes, listen included, has exited
    expect(err).toMatch(/the process that started listen has exited: stopping[^]*stopped: 0 captured/);
    expect(s.watch.running()).toEqual([]);
  });
});
