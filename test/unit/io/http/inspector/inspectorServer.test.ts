/**
 * The inspector's server with a page bundle in a temp folder: static files with their CSP, the
 * bundle missing, paths that try to leave the folder; and the event stream's resume and heartbeat.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventHub } from '../../../../../src/io/http/inspector/eventStream.js';
import { PAGE_CSP, startInspectorServer, type InspectorServer } from '../../../../../src/io/http/inspector/inspectorServer.js';
import { call, openEvents } from '../../../../helpers/inspect.js';

let cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function serve(files: Record<string, string> | null, hub = new EventHub()): Promise<{ server: InspectorServer; origin: string; root: string }> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'inspector-static-'));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  const dist = path.join(root, 'inspector');
  if (files) {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dist, name)), { recursive: true });
      writeFileSync(path.join(dist, name), text);
    }
  }
  const server = await startInspectorServer({
    port: 0, nextFree: false, avoid: [], token: 'tok', staticDir: dist, events: hub, maxBody: 1024,
    api: async (req) => ({ status: 200, json: { path: req.path, body: req.body?.toString() ?? null } }),
  });
  cleanups.push(() => server.close());
  return { server, origin: `http://127.0.0.1:${server.port}`, root };
}

const cookie = (port: number) => ({ cookie: `coperniq_hooks_inspector_${port}=tok` });

describe('inspector server: the page bundle', () => {
  it('serves index.html for the page and its routes, and assets with their types, all under the CSP', async () => {
    const { server, origin } = await serve({ 'index.html': '<!doctype html><script src="/assets/app.js"></script>', 'assets/app.js': 'console.log(1)', 'assets/app.css': 'body{}' });
    for (const p of ['/', '/deliveries/42', '/?trigger=X']) {
      const r = await call(origin, p, { headers: cookie(server.port) });
      expect(r.status, p).toBe(200);
      expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(r.headers['content-security-policy']).toBe(PAGE_CSP);
      expect(r.text).toContain('<script src="/assets/app.js">');
    }
    const js = await call(origin, '/assets/app.js', { headers: cookie(server.port) });
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await call(origin, '/assets/app.css', { headers: cookie(server.port) })).headers['content-type']).toBe('text/css; charset=utf-8');
    const head = await call(origin, '/', { method: 'HEAD', headers: cookie(server.port) });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
  });

  it('says how to build the page when the bundle is missing, and the API still answers', async () => {
    const { server, origin } = await serve(null);
    const r = await call(origin, '/', { headers: cookie(server.port) });
    expect(r.status).toBe(503);
    expect(r.text).toBe('the inspector page was not built: run npm run build\n');
    expect((await call(origin, '/api/meta', { token: 'tok' })).json()).toEqual({ path: '/meta', body: null });
  });

  it('never leaves the bundle folder, shows no dot-file and follows no symlink', async () => {
    const { server, origin, root } = await serve({ 'index.html': 'page', '.secret': 'no', 'assets/app.js': 'x' });
    writeFileSync(path.join(root, 'outside.js'), 'outside');
    symlinkSync(path.join(root, 'outside.js'), path.join(root, 'inspector', 'assets', 'link.js'));
    for (const p of ['/../outside.js', '/%2e%2e/outside.js', '/assets/..%2f..%2foutside.js', '/.secret', '/assets/link.js', '/assets/missing.js', '/assets', '/assets/%00.js']) {
      const r = await call(origin, p, { headers: cookie(server.port) });
      expect(['outside', 'no'], p).not.toContain(r.text);
      expect([404, 200], p).toContain(r.status);
      if (r.status === 200) expect(r.text, p).toBe('page');
    }
    expect((await call(origin, '/assets/link.js', { headers: cookie(server.port) })).status).toBe(404);
  });

  it('refuses API bodies over its limit and other methods', async () => {
    const { server, origin } = await serve(null);
    expect((await call(origin, '/api/check', { token: 'tok', body: 'x'.repeat(2000) })).status).toBe(413);
    expect((await call(origin, '/api/check', { token: 'tok', body: '{"a":1}' })).json()).toEqual({ path: '/check', body: '{"a":1}' });
    expect((await call(origin, '/api/meta', { token: 'tok', method: 'DELETE' })).status).toBe(405);
    expect((await call(origin, '/', { method: 'POST', body: '{}', headers: cookie(server.port) })).status).toBe(405);
  });

  it('takes the next free port when asked, never one it must avoid', async () => {
    const first = await serve(null);
    const hub = new EventHub();
    const next = await startInspectorServer({
      port: first.server.port, nextFree: true, avoid: [first.server.port + 1], token: 't', staticDir: '/nonexistent', events: hub, maxBody: 10,
      api: async () => ({ status: 200, json: null }),
    });
    cleanups.push(() => next.close());
    expect(next.port).not.toBe(first.server.port);
    expect(next.port).not.toBe(first.server.port + 1);
    await expect(startInspectorServer({
      port: first.server.port, nextFree: false, avoid: [], token: 't', staticDir: '/nonexistent', events: new EventHub(), maxBody: 10,
      api: async () => ({ status: 200, json: null }),
    })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});

describe('inspector server: events', () => {
  it('resumes after Last-Event-ID, or says reset when too much was missed', async () => {
    const hub = new EventHub();
    const { server, origin } = await serve(null, hub);
    void server;
    for (let i = 1; i <= 3; i++) hub.publish('delivery', { seq: i });
    const resumed = await openEvents(origin, 'tok', '1');
    cleanups.push(() => resumed.close());
    await resumed.waitFor((e) => e.data.seq === 3);
    expect(resumed.events.map((e) => [e.id, e.event, e.data.seq])).toEqual([['2', 'delivery', 2], ['3', 'delivery', 3]]);
    for (let i = 4; i <= 1100; i++) hub.publish('delivery', { seq: i });
    const late = await openEvents(origin, 'tok', '2');
    cleanups.push(() => late.close());
    const reset = await late.waitFor((e) => e.event === 'reset');
    expect(reset.data).toEqual({ why: 'missed too many events while away' });
  });

  it('tells a page that comes back to load again when events were skipped while nobody listened', async () => {
    const hub = new EventHub();
    const { origin } = await serve(null, hub);
    hub.publish('delivery', { seq: 1 });
    hub.skip();
    hub.publish('delivery', { seq: 3 });
    const back = await openEvents(origin, 'tok', '1');
    cleanups.push(() => back.close());
    await back.waitFor((e) => e.event === 'reset');
    expect(back.events.map((e) => e.event)).toEqual(['reset']);
  });

  it('sends a heartbeat comment on idle connections', async () => {
    const hub = new EventHub(20);
    const { origin } = await serve(null, hub);
    const seen = await new Promise<string>((resolve, reject) => {
      const u = new URL(origin);
      import('node:http').then(({ default: http }) => {
        const req = http.get({ host: u.hostname, port: u.port, path: '/api/events', headers: { host: u.host, authorization: 'Bearer tok' } }, (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (d: string) => {
            text += d;
            if (text.includes(': ping\n\n')) {
              req.destroy();
              resolve(text);
            }
          });
        });
        req.on('error', reject);
      });
    });
    expect(seen.startsWith('retry: 1000\n\n')).toBe(true);
  });
});
