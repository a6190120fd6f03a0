/**
 * The inspector as a target (issue 10, "Security"): every request needs the session token; the
 * page trades it for a cookie; a foreign Host (DNS rebinding) and cross-origin calls are refused;
 * no CORS; payload text comes back as JSON text, never markup.
 */
import { networkInterfaces } from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { appendCapture, call, delivery, startInspect, type Inspecting } from '../helpers/inspect.js';
import { startListen } from '../helpers/listen.js';
import { fakeBin, pasteUrls, sendPublic, tunnelEnv, watchTunnels } from '../helpers/tunnels.js';

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
const XSS_STAGE = '<img src=x onerror=alert(1)>';
const XSS_TITLE = '</script><script>alert(document.cookie)</script>';

/** Every address of this machine that is not loopback refuses a connection to the port. */
async function expectUnreachableFromOutside(port: number): Promise<void> {
  const outside = Object.values(networkInterfaces()).flat().filter((a) => a && !a.internal && a.family === 'IPv4').map((a) => a!.address);
  for (const address of outside) {
    const code = await new Promise<string>((resolve) => {
      const s = net.connect({ host: address, port }, () => (s.destroy(), resolve('connected')));
      s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
    expect(code, address).toBe('ECONNREFUSED');
  }
}

let dir: string;
let cleanup: () => Promise<void>;
let ins: Inspecting;

beforeAll(async () => {
  const t = await tempDir('inspect-sec-');
  dir = path.join(t.dir, 'captures');
  cleanup = t.cleanup;
  appendCapture(dir, [{ body: delivery('PROJECT_MOVEMENT', 1, { title: XSS_TITLE, stage: XSS_STAGE }) }]);
  ins = await startInspect(dir);
});

afterAll(async () => {
  await ins?.run.stop();
  await cleanup?.();
});

describe('inspect: the session token', () => {
  it('refuses every call without it (401), and with a wrong one', async () => {
    const api = await call(ins.origin, '/api/deliveries');
    expect(api.status).toBe(401);
    expect(api.json().error).toMatch(/missing or wrong token/);
    expect((await call(ins.origin, '/api/events')).status).toBe(401);
    expect((await call(ins.origin, '/api/deliveries/1/replay', { body: '{}' })).status).toBe(401);
    expect((await call(ins.origin, '/api/meta', { token: `${ins.token}x` })).status).toBe(401);
    expect((await call(ins.origin, `/api/meta?token=${ins.token.slice(1)}`)).status).toBe(401);
    const page = await call(ins.origin, '/');
    expect(page.status).toBe(401);
    expect(page.text).toMatch(/needs its token: open the URL that coperniq-hooks printed/);
  });

  it('takes it as ?token=, as a Bearer header, or as the cookie the page gets for it', async () => {
    expect((await call(ins.origin, `/api/meta?token=${ins.token}`)).status).toBe(200);
    expect((await call(ins.origin, '/api/meta', { token: ins.token })).status).toBe(200);
    const trade = await call(ins.origin, `/?token=${ins.token}&trigger=PROJECT_MOVEMENT`);
    expect(trade.status).toBe(303);
    expect(trade.headers.location).toBe('/?trigger=PROJECT_MOVEMENT');
    const cookie = trade.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toBe(`coperniq_hooks_inspector_${ins.port}=${ins.token}; HttpOnly; SameSite=Strict; Path=/`);
    const withCookie = await call(ins.origin, '/api/meta', { headers: { cookie: `other=1; ${cookie.split(';')[0]}` } });
    expect(withCookie.status).toBe(200);
    // Cookies ignore ports: another inspector's cookie is not this one's.
    expect((await call(ins.origin, '/api/meta', { headers: { cookie: `coperniq_hooks_inspector_1=${ins.token}` } })).status).toBe(401);
  });
});

describe('inspect: DNS rebinding and cross-origin requests', () => {
  it('answers only to loopback Host names with its own port', async () => {
    for (const host of ['127.0.0.1', 'localhost', '[::1]']) {
      expect((await call(ins.origin, '/api/meta', { token: ins.token, headers: { host: `${host}:${ins.port}` } })).status, host).toBe(200);
    }
    for (const host of ['evil.example', `evil.example:${ins.port}`, `127.0.0.1.evil.example:${ins.port}`, `127.0.0.1:${ins.port + 1}`, `localhost.:${ins.port}`]) {
      const r = await call(ins.origin, '/api/meta', { token: ins.token, headers: { host } });
      expect(r.status, host).toBe(403);
      expect(r.text).toMatch(/is not this machine's loopback address/);
    }
    expect((await call(ins.origin, `/?token=${ins.token}`, { headers: { host: `attacker.example:${ins.port}` } })).status).toBe(403);
    // HTTP/1.0 without a Host header at all (node:http would add one, so a raw socket).
    const raw = await new Promise<string>((resolve, reject) => {
      let text = '';
      const s = net.connect({ host: '127.0.0.1', port: ins.port }, () => s.write(`GET /api/meta HTTP/1.0\r\nAuthorization: Bearer ${ins.token}\r\n\r\n`));
      s.setEncoding('utf8').on('data', (d: string) => (text += d));
      s.on('end', () => resolve(text));
      s.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 403 /);
  });

  it('refuses POSTs and API calls from another origin, even with the token', async () => {
    const post = (headers: Record<string, string>) => call(ins.origin, '/api/check', { token: ins.token, body: '{}', headers });
    expect((await post({})).status).toBe(200);
    expect((await post({ origin: `http://127.0.0.1:${ins.port}`, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect((await post({ origin: `http://localhost:${ins.port}` })).status).toBe(200);
    for (const origin of ['http://evil.example', 'http://localhost:3000', `http://127.0.0.1:${ins.port}.evil.example`, `https://127.0.0.1:${ins.port}`, 'null']) {
      const r = await post({ origin });
      expect(r.status, origin).toBe(403);
      expect(r.text).toMatch(/are not allowed/);
    }
    expect((await post({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post({ 'sec-fetch-site': 'same-site' })).status).toBe(403);
    expect((await call(ins.origin, '/api/deliveries', { token: ins.token, headers: { origin: 'http://evil.example' } })).status).toBe(403);
    expect((await call(ins.origin, '/api/meta', { token: ins.token, headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
  });

  it('takes POST bodies only as application/json, which a plain form cannot send', async () => {
    const r = await call(ins.origin, '/api/check', { token: ins.token, body: '{}', headers: { 'content-type': 'text/plain' } });
    expect(r.status).toBe(415);
    const form = await call(ins.origin, '/api/deliveries/1/replay', { token: ins.token, body: 'to=http://x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
  });

  it('sends no CORS headers, not even to a preflight', async () => {
    const pre = await call(ins.origin, '/api/deliveries/1/replay', {
      method: 'OPTIONS', token: ins.token, headers: { origin: `http://localhost:${ins.port}`, 'access-control-request-method': 'POST' },
    });
    expect(pre.status).toBe(405);
    for (const r of [pre, await call(ins.origin, '/api/meta', { token: ins.token }), await call(ins.origin, '/')]) {
      expect(Object.keys(r.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
  });
});

describe('inspect: what comes back', () => {
  it('returns payload text as JSON strings, with nosniff and a CSP, never as markup', async () => {
    const list = await call(ins.origin, '/api/deliveries', { token: ins.token });
    expect(list.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(list.headers['x-content-type-options']).toBe('nosniff');
    expect(list.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    const row = list.json().deliveries[0];
    expect(row.title).toBe(XSS_TITLE);
    expect(row.moved).toBe(`stage Site Survey -> ${XSS_STAGE}`);
    // JSON.stringify escapes nothing here: the text is inert because it is served as JSON, not HTML.
    expect(list.text).toContain(JSON.stringify(XSS_TITLE));
    const detail = (await call(ins.origin, '/api/deliveries/1', { token: ins.token })).json();
    expect(JSON.parse(detail.body.text).event.currentStage.name).toBe(XSS_STAGE);
    const raw = await call(ins.origin, '/api/deliveries/1/raw', { token: ins.token });
    expect(raw.headers['content-disposition']).toMatch(/^attachment; /);
    expect(raw.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
  });

  it('serves the page (or says it was not built) with a strict CSP and no referrer', async () => {
    const page = await call(ins.origin, '/', { headers: { cookie: `coperniq_hooks_inspector_${ins.port}=${ins.token}` } });
    expect([200, 503]).toContain(page.status);
    if (page.status === 503) expect(page.text).toBe('the inspector page was not built: run npm run build\n');
    else expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toBe(CSP);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['x-frame-options']).toBe('DENY');
    const api = await call(ins.origin, '/api/meta', { token: ins.token });
    expect(api.status).toBe(200);
  });

  it('listens on loopback only, on IPv6 too where the machine has ::1', async () => {
    const v6 = await call(`http://[::1]:${ins.port}`, '/api/meta', { token: ins.token, headers: { host: `[::1]:${ins.port}` } }).catch((e: NodeJS.ErrnoException) => String(e.code));
    if (typeof v6 !== 'string') expect(v6.status).toBe(200);
    else expect(['EADDRNOTAVAIL', 'ECONNREFUSED', 'EAFNOSUPPORT']).toContain(v6);
    await expectUnreachableFromOutside(ins.port);
  });
});

describe('listen: the inspector stays on loopback whatever --host says', () => {
  it('listen --host 0.0.0.0 still binds the inspector to 127.0.0.1, on another port', async () => {
    const t = await tempDir('inspect-host-');
    const l = await startListen(path.join(t.dir, 'c'), ['--host', '0.0.0.0', '--ui-port', '0']);
    try {
      const m = await l.run.waitFor(/inspector on (http:\/\/\S+)/, 'stderr');
      const u = new URL(m[1]);
      expect(u.hostname).toBe('127.0.0.1');
      expect(u.port).not.toBe(new URL(l.url).port);
      await expectUnreachableFromOutside(Number(u.port));
    } finally {
      await l.run.stop();
      await t.cleanup();
    }
  });
});

describe('listen --tunnel: the inspector is never behind the tunnel', () => {
  it('serves the inspector on loopback only; its URL and token get nothing through the public side', async () => {
    const t = await tempDir('inspect-tunnel-');
    const watch = await watchTunnels();
    const env = tunnelEnv(watch.port, fakeBin(path.join(t.dir, 'bin'), ['cloudflared']));
    const l = await startListen(path.join(t.dir, 'c'), ['--tunnel', '--ui-port', '0'], env);
    try {
      await l.run.waitFor(/checked: |warning: a GET through/, 'stderr');
      const paste = pasteUrls(l.run.stderr())[0];
      const inspector = new URL((await l.run.waitFor(/inspector on (http:\/\/\S+)/, 'stderr'))[1]);
      expect(inspector.hostname).toBe('127.0.0.1');
      const token = inspector.searchParams.get('token') as string;
      expect(await call(inspector.origin, '/api/meta', { token }).then((r) => r.status)).toBe(200);
      // Through the tunnel, the inspector's paths and token reach the capture port, which knows neither.
      const origin = new URL(paste).origin;
      for (const target of [`/api/meta?token=${token}`, `/api/deliveries?token=${token}`, `/?token=${token}`]) {
        const r = await sendPublic(`${origin}${target}`, null);
        expect(JSON.parse(r.text), target).toMatchObject({ listening: true });
        expect(r.text, target).not.toMatch(/"deliveries"|"dir"|"total"/);
      }
      await expectUnreachableFromOutside(Number(inspector.port));
    } finally {
      await l.run.stop();
      await watch.close();
      await t.cleanup();
    }
  });
});
