/**
 * Issue 11: which tunnel listen starts and what it says when it cannot: a missing program (exit
 * 2, one line, nothing created), a tunnel that fails to start (exit 3, its own words), ngrok as
 * a program and as the @ngrok/ngrok library (fakes in test/fixtures/fake-tunnels: the ngrok
 * agent's logfmt lines per ngrok's docs; the library's API per its index.d.ts), and
 * --public-url for a tunnel the user runs.
 */
import { existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { setTimeout as wait } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, runCli, startCli, tempDir } from '../helpers/cli.js';
import { readIndex, startListen } from '../helpers/listen.js';
import { FAKES, fakeBin, pasteUrls, sendPublic, tunnelEnv, watchTunnels } from '../helpers/tunnels.js';

let cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function setup(fakes: ('cloudflared' | 'ngrok')[], extra: NodeJS.ProcessEnv = {}) {
  const t = await tempDir('listen-tunnel-setup-');
  cleanups.push(t.cleanup);
  const watch = await watchTunnels();
  cleanups.push(watch.close);
  const env = tunnelEnv(watch.port, fakeBin(path.join(t.dir, 'bin'), fakes), extra);
  return { root: t.dir, dir: path.join(t.dir, 'captures'), watch, env };
}

async function started(dir: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string) {
  const l = await startListen(dir, args, env, cwd);
  cleanups.push(() => l.run.stop('SIGKILL'));
  await l.run.waitFor(/checked: |warning: .*(did not reach|will not reach)/, 'stderr');
  return { l, paste: pasteUrls(l.run.stderr())[0] };
}

describe('listen --tunnel: nothing to start it with', () => {
  it('no cloudflared on the PATH: exit 2, one line saying what to install, nothing created', async () => {
    const s = await setup([]);
    const r = await runCli(['listen', '--port', '0', '--dir', s.dir, '--tunnel'], { env: s.env });
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^coperniq-hooks: --tunnel needs cloudflared, which is not on your PATH: install it \(.+\), or use --tunnel ngrok or --public-url$/),
    ]);
    expect(existsSync(s.dir)).toBe(false);
  });

  it('no ngrok agent and no @ngrok/ngrok: exit 2, one line', async () => {
    const s = await setup(['cloudflared']);
    const r = await runCli(['listen', '--port', '0', '--dir', s.dir, '--tunnel', 'ngrok'], { env: s.env, cwd: s.root });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^coperniq-hooks: --tunnel ngrok needs the ngrok agent \(.+\) or `npm install @ngrok\/ngrok` in your project, with NGROK_AUTHTOKEN set\n$/);
    expect(existsSync(s.dir)).toBe(false);
  });

  it('an unknown provider, or --tunnel with --public-url: exit 2', async () => {
    const s = await setup(['cloudflared']);
    const bad = await runCli(['listen', '--port', '0', '--dir', s.dir, '--tunnel', 'ngrock'], { env: s.env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Allowed choices are cloudflare, ngrok/);
    const both = await runCli(['listen', '--port', '0', '--dir', s.dir, '--tunnel', '--public-url', 'https://hooks.example.com'], { env: s.env });
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--tunnel and --public-url cannot be used together/);
    for (const [url, why] of [
      ['hooks.example.com', /--public-url is not a URL/],
      ['ftp://hooks.example.com', /must be an http:\/\/ or https:\/\/ URL, got ftp:/],
      ['https://hooks.example.com/?token=abc', /must not carry a token: give it with --token/],
    ] as const) {
      const r = await runCli(['listen', '--port', '0', '--dir', s.dir, '--public-url', url], { env: s.env });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(why);
      expect(r.stderr).not.toContain('abc');
    }
    expect(existsSync(s.dir)).toBe(false);
  });

  it('a tunnel that fails to start (offline): exit 3 with cloudflared\'s own words, no capture directory left, nothing running', async () => {
    const s = await setup(['cloudflared'], { FAKE_TUNNEL_FAIL: 'Post "https://api.trycloudflare.com/tunnel": dial tcp: lookup api.trycloudflare.com: no such host' });
    const r = await runCli(['listen', '--port', '0', '--dir', s.dir, '--tunnel'], { env: s.env });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/coperniq-hooks: the tunnel did not start: cloudflared exited with code 1: failed to request quick Tunnel: Post .*no such host\n$/);
    expect(existsSync(s.dir)).toBe(false);
    expect(s.watch.running()).toEqual([]);
  });
});

describe('listen --tunnel: a URL line that is not a URL', () => {
  it('exits 3 at once saying what came, prints nothing to paste, and leaves nothing running', async () => {
    const s = await setup(['cloudflared'], { FAKE_TUNNEL_SHOWN_URL: 'https://ab\u001b]0;pwned\u0007cd.trycloudflare.com' });
    const r = await runCli(['listen', '--port', '0', '--dir', s.dir, '--tunnel'], { env: s.env });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('coperniq-hooks: the tunnel did not start: cloudflared reported a public URL that is not a URL: "https://ab\\u001b]0;pwned\\u0007cd.trycloudflare.com"');
    expect(r.stderr).not.toMatch(/paste this URL|\u001b\]/);
    expect(s.watch.running()).toEqual([]);
  });
});

describe('listen --tunnel: Ctrl-C before the tunnel is up', () => {
  it('stops the half-started tunnel and exits 0 with the summary', async () => {
    const s = await setup(['cloudflared'], { FAKE_TUNNEL_HANG: '1' });
    const run = startCli(['listen', '--port', '0', '--dir', s.dir, '--tunnel'], { env: s.env });
    cleanups.push(() => run.stop('SIGKILL'));
    await run.waitFor(/starting a Cloudflare quick tunnel/, 'stderr');
    await s.watch.startedCount(1);
    run.child.kill('SIGINT');
    const r = await run.exited;
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/stopped: 0 captured/);
    expect(r.stderr).not.toMatch(/listening on|did not start/);
    expect(s.watch.running()).toEqual([]);
    expect(existsSync(s.dir)).toBe(false);
  });
});

describe('listen --tunnel ngrok', () => {
  it('uses the ngrok agent on the PATH (NGROK_AUTHTOKEN in its environment, never on its command line)', async () => {
    const s = await setup(['ngrok'], { NGROK_AUTHTOKEN: 'tok-from-env' });
    const { l, paste } = await started(s.dir, ['--tunnel', 'ngrok'], s.env);
    expect(paste).toMatch(/^https:\/\/t\d+-[a-z-]+\.ngrok-free\.app\/\?token=[\w-]{24}$/);
    expect(l.run.stderr()).toMatch(/starting an ngrok tunnel \(.*ngrok\)/);
    expect(l.run.stderr()).toMatch(/checked: .*Coperniq will be able to reach it/);
    expect((await sendPublic(paste)).status).toBe(200);
    await l.run.waitFor(/#1 PROJECT_MOVEMENT/, 'stderr');
    expect(s.watch.running().map((t) => t.name)).toEqual(['ngrok']);
    expect((await l.run.stop('SIGINT')).code).toBe(0);
    expect(s.watch.running()).toEqual([]);
  });

  it('an agent without an authtoken: exit 3 with ngrok\'s own message', async () => {
    const s = await setup(['ngrok']);
    const r = await runCli(['listen', '--port', '0', '--dir', s.dir, '--tunnel', 'ngrok'], { env: s.env });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/the tunnel did not start: ngrok exited with code 1: .*authentication failed: Usage of ngrok requires a verified account and authtoken/);
  });

  it('loads @ngrok/ngrok from the user\'s project when it is installed there, with NGROK_AUTHTOKEN', async () => {
    const s = await setup([], { NGROK_AUTHTOKEN: 'tok-from-env' });
    const project = path.join(s.root, 'middleware');
    mkdirSync(path.join(project, 'node_modules', '@ngrok'), { recursive: true });
    symlinkSync(path.join(FAKES, 'ngrok-library'), path.join(project, 'node_modules', '@ngrok', 'ngrok'));
    const { l, paste } = await started(s.dir, ['--tunnel', 'ngrok'], s.env, project);
    expect(l.run.stderr()).toMatch(/starting an ngrok tunnel \(.*ngrok-library.*\)/);
    expect((await sendPublic(paste)).status).toBe(200);
    await l.run.waitFor(/#1 PROJECT_MOVEMENT/, 'stderr');
    // The library reconnects by itself; listen says when the session goes and comes back.
    expect((await sendPublic(new URL(paste).origin + '/__blip', null)).status).toBe(204);
    await l.run.waitFor(/TUNNEL DOWN: the ngrok session was lost\n.*local capture goes on; it is reconnecting\ntunnel back up at the same URL\n/, 'stderr');
    expect((await l.run.stop('SIGTERM')).code).toBe(0);
    expect(readIndex(s.dir)).toHaveLength(1);
  });

  it('@ngrok/ngrok installed but no NGROK_AUTHTOKEN (and no agent): exit 2 saying where to get one', async () => {
    const s = await setup([]);
    const project = path.join(s.root, 'middleware');
    mkdirSync(path.join(project, 'node_modules', '@ngrok'), { recursive: true });
    symlinkSync(path.join(FAKES, 'ngrok-library'), path.join(project, 'node_modules', '@ngrok', 'ngrok'));
    const r = await runCli(['listen', '--port', '0', '--dir', s.dir, '--tunnel', 'ngrok'], { env: s.env, cwd: project });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/found @ngrok\/ngrok but NGROK_AUTHTOKEN is not set/);
  });
});

describe('listen --public-url', () => {
  it('starts nothing and builds the paste line from the URL with the token; a loopback URL is called out as out of Coperniq\'s reach', async () => {
    const s = await setup([]);
    const port = await freePort();
    // The user's own proxy, in front of listen's port, under a path of its own.
    const proxy = http.createServer((req, res) => {
      const out = http.request({ host: '127.0.0.1', port, method: req.method, path: req.url?.replace(/^\/coperniq\/?/, '/'), headers: req.headers }, (a) => {
        res.writeHead(a.statusCode ?? 502, a.headers);
        a.pipe(res);
      });
      out.on('error', () => res.writeHead(502).end());
      req.pipe(out);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => (proxy.closeAllConnections(), proxy.close(() => resolve()))));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/coperniq`;
    const { l, paste } = await started(s.dir, ['--port', String(port), '--public-url', proxyUrl, '--token', 'fixed-token'], s.env);
    expect(paste).toBe(`${proxyUrl}?token=fixed-token`);
    expect(l.run.stderr()).not.toMatch(/starting|generated/);
    expect(l.run.stderr()).toMatch(/warning: 127\.0\.0\.1:\d+ reaches this listen from here, but it is this machine \(loopback\): Coperniq, in the cloud, will not reach it/);
    expect(s.watch.started).toEqual([]);
  });

  it('a public URL that does not lead here is reported once, with what it answered', async () => {
    const s = await setup([]);
    const dead = `http://127.0.0.1:${await freePort()}`;
    const { l } = await started(s.dir, ['--public-url', dead], s.env);
    expect(l.run.stderr()).toMatch(/warning: a GET through 127\.0\.0\.1:\d+ did not reach this listen \(ECONNREFUSED\): Coperniq will not reach it either until that works/);
    expect(l.run.stderr()).toMatch(/\(token generated for this run;/);
  });
});

describe('listen --tunnel: a tunnel slow to stop', () => {
  it('a second Ctrl-C a moment later is the user insisting: exit 130 at once, and the tunnel is still stopped', async () => {
    // cloudflared drains its connections for up to its grace period before it exits.
    const s = await setup(['cloudflared'], { FAKE_TUNNEL_SLOW_STOP: '60000' });
    const { l } = await started(s.dir, ['--tunnel'], s.env);
    l.run.child.kill('SIGINT');
    await l.run.waitFor(/stopping: finishing deliveries in flight/, 'stderr');
    // The scenario itself is timed: a person pressing Ctrl-C again, after npm's copy would have come.
    await wait(700);
    l.run.child.kill('SIGINT');
    const r = await l.run.exited;
    expect(r.code).toBe(130);
    // The guard between them stops the tunnel once listen is gone, killing it after its grace.
    await s.watch.allGone();
  });
});
