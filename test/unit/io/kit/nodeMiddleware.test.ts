import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { CoperniqWebhooks, createNodeMiddleware } from '../../../../src/index.js';
import { sample } from '../../../helpers/payloads.js';

const TOKEN = 'tok3n';
const PAYLOAD = JSON.stringify(sample('PROJECT_MOVEMENT'));

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function kit() {
  const stages: string[] = [];
  const webhooks = new CoperniqWebhooks({ token: TOKEN, maxBody: 4096 }).onError(() => {});
  webhooks.on('PROJECT_MOVEMENT', ({ event }) => void stages.push(event.currentStage.name));
  return { webhooks, stages };
}

const post = (url: string, body: string | Buffer = PAYLOAD, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

describe('createNodeMiddleware on node:http', () => {
  it('reads the body, runs the handler, answers with the length in bytes', async () => {
    const { webhooks, stages } = kit();
    const base = await serve(createNodeMiddleware(webhooks, { path: '/coperniq' }));
    const res = await post(`${base}/coperniq/${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(await res.clone().text())));
    expect(await res.json()).toEqual({ ok: true, eventId: 432563 });
    expect(stages).toEqual(['Engineering']);
  });

  it('an event id in other scripts comes back escaped, with a Content-Length that fits the bytes', async () => {
    const { webhooks } = kit();
    const payload = JSON.parse(PAYLOAD) as { event: { eventId: unknown } };
    payload.event.eventId = 'évt-😀';
    const res = await post(`${await serve(createNodeMiddleware(webhooks))}/?token=${TOKEN}`, JSON.stringify(payload));
    const raw = Buffer.from(await res.arrayBuffer());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(raw.length));
    expect(raw.toString('latin1')).toBe('{"ok":true,"eventId":"\\u00e9vt-\\ud83d\\ude00"}');
    expect(JSON.parse(raw.toString('utf8'))).toEqual({ ok: true, eventId: 'évt-😀' });
  });

  it('hands handlers every header as one string, a repeated set-cookie (the one array in Node) joined', async () => {
    const webhooks = new CoperniqWebhooks({ token: TOKEN });
    let seen: Record<string, string> = {};
    webhooks.on('*', (_p, ctx) => void (seen = ctx.headers));
    const { port } = new URL(await serve(createNodeMiddleware(webhooks)));
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: `/?token=${TOKEN}`, headers: { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'], 'x-trace': 'abc' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(PAYLOAD);
    });
    expect(status).toBe(200);
    expect(seen['set-cookie']).toBe('a=1, b=2');
    expect(seen['x-trace']).toBe('abc');
    expect(Object.values(seen).every((v) => typeof v === 'string')).toBe(true);
  });

  it('401 for a wrong token, 405 for GET, 404 for other paths (no next)', async () => {
    const { webhooks, stages } = kit();
    const base = await serve(createNodeMiddleware(webhooks, { path: '/coperniq' }));
    expect((await post(`${base}/coperniq?token=wrong`)).status).toBe(401);
    const get = await fetch(`${base}/coperniq?token=${TOKEN}`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect((await post(`${base}/elsewhere?token=${TOKEN}`)).status).toBe(404);
    expect((await post(`${base}/coperniq/a/b?token=${TOKEN}`)).status).toBe(404);
    expect(stages).toEqual([]);
  });

  it('reads a body that comes in pieces, a character split between two of them, and an empty one', async () => {
    const webhooks = new CoperniqWebhooks({ token: TOKEN });
    const titles: string[] = [];
    webhooks.on('*', (p) => void titles.push((p.record as { title: string }).title));
    const base = await serve(createNodeMiddleware(webhooks));
    const payload = JSON.parse(PAYLOAD) as { record: { title: string } };
    payload.record.title = 'Résidence Élan ☀';
    const bytes = Buffer.from(JSON.stringify(payload));
    const at = bytes.indexOf(Buffer.from('é')) + 1; // inside the two bytes of é
    const send = (pieces: Buffer[]) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request(`${base}/?token=${TOKEN}`, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } }, (res) => {
          let body = '';
          res.setEncoding('utf8').on('data', (d: string) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        // Each piece its own chunk, flushed before the next is written.
        const next = (i: number): void => void (i === pieces.length ? req.end() : req.write(pieces[i], () => setImmediate(() => next(i + 1))));
        next(0);
      });
    expect((await send([bytes.subarray(0, 100), bytes.subarray(100, at), bytes.subarray(at)])).status).toBe(200);
    expect(titles).toEqual(['Résidence Élan ☀']);
    const empty = await send([]);
    expect(empty.status).toBe(400);
    expect(JSON.parse(empty.body).error).toMatch(/empty body/);
  });

  it('413 from Content-Length without reading, and from a chunked body as it streams past the limit', async () => {
    const { webhooks } = kit();
    const base = await serve(createNodeMiddleware(webhooks));
    expect((await post(`${base}/?token=${TOKEN}`, 'x'.repeat(5000))).status).toBe(413);
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${base}/?token=${TOKEN}`, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write('x'.repeat(3000));
      req.write('x'.repeat(3000));
      // The answer may come before the rest is written; the connection then closes.
      req.end();
    });
    expect(status).toBe(413);
  });

  it('refuses a Content-Length over maxBody before any body is sent, and reads one at the limit', async () => {
    // Around limits of several lengths, and the length written with leading zeros.
    const cases: [number, string, boolean][] = [];
    for (const max of [9, 10, 4096, 9995, 9999, 10_000]) {
      cases.push([max, String(max - 1), false], [max, String(max), false], [max, String(max + 1), true], [max, `00${max}`, false], [max, `00${max + 1}`, true]);
    }
    for (const [maxBody, contentLength, over] of cases) {
      const webhooks = new CoperniqWebhooks({ token: TOKEN, maxBody }).onError(() => {});
      const { port } = new URL(await serve(createNodeMiddleware(webhooks)));
      const socket = net.connect(Number(port), '127.0.0.1');
      try {
        let answer = '';
        const status = new Promise<string>((resolve, reject) => {
          socket.on('data', (d) => {
            answer += String(d);
            const m = /^HTTP\/1\.1 (\d+)/.exec(answer);
            if (m) resolve(m[1]);
          });
          socket.on('error', reject);
        });
        socket.write(`POST /?token=${TOKEN} HTTP/1.1\r\nhost: x\r\ncontent-length: ${contentLength}\r\n\r\n`);
        // A body is sent only where the limit allows it: a refusal must come without one. Blank
        // text of the declared length reads as an empty body (400).
        if (!over) socket.write(' '.repeat(Number(contentLength)));
        expect(await status, `maxBody ${maxBody}, content-length ${contentLength}`).toBe(over ? '413' : '400');
      } finally {
        socket.destroy();
      }
    }
  });

  it('50 concurrent deliveries of one event over HTTP run its handler once: one 200, 49 answered 503 while it runs', async () => {
    const webhooks = new CoperniqWebhooks({ token: TOKEN }).onError(() => {});
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    webhooks.on('PROJECT_MOVEMENT', async () => {
      calls++;
      await gate;
    });
    const base = await serve(createNodeMiddleware(webhooks));
    let answered = 0;
    let allButOne!: () => void;
    const others = new Promise<void>((r) => (allButOne = r));
    const statuses = Array.from({ length: 50 }, () =>
      post(`${base}/?token=${TOKEN}`).then(async (res) => {
        await res.arrayBuffer();
        if (++answered === 49) allButOne();
        return { status: res.status, retryAfter: res.headers.get('retry-after') };
      }),
    );
    // The handler is held until every other delivery has been answered.
    await others;
    release();
    const all = await Promise.all(statuses);
    expect(all.filter((a) => a.status === 200)).toHaveLength(1);
    expect(all.filter((a) => a.status === 503 && a.retryAfter === '2')).toHaveLength(49);
    expect(calls).toBe(1);
  });

  it('a client that goes away mid-body: the middleware settles, nothing runs, the next delivery is served', async () => {
    const { webhooks, stages } = kit();
    const middleware = createNodeMiddleware(webhooks);
    // Wrapped: resolving with the promise itself would wait for it.
    let started!: (running: { done: Promise<void> }) => void;
    const first = new Promise<{ done: Promise<void> }>((r) => (started = r));
    const base = await serve((req, res) => started({ done: middleware(req, res) }));
    const { port } = new URL(base);
    const socket = net.connect(Number(port), '127.0.0.1');
    socket.on('error', () => {});
    socket.write(`POST /?token=${TOKEN} HTTP/1.1\r\nhost: x\r\ncontent-length: 4000\r\n\r\n${PAYLOAD.slice(0, 100)}`);
    const { done } = await first;
    socket.destroy();
    await expect(done).resolves.toBeUndefined();
    expect(stages).toEqual([]);
    const again = createNodeMiddleware(webhooks);
    expect((await post(`${await serve(again)}/?token=${TOKEN}`)).status).toBe(200);
    expect(stages).toEqual(['Engineering']);
  });

  it('mounted twice on one request, the second reader answers 500 with the hint at once and the first settles', async () => {
    const { webhooks, stages } = kit();
    const middleware = createNodeMiddleware(webhooks);
    const settled: Promise<void>[] = [];
    const base = await serve((req, res) => void settled.push(middleware(req, res), middleware(req, res)));
    const res = await post(`${base}/?token=${TOKEN}`);
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: string }).error).toMatch(/read by another middleware/);
    await expect(Promise.all(settled)).resolves.toEqual([undefined, undefined]);
    // The first reader read the body whole and ran the handler; its answer came too late to send.
    expect(stages).toEqual(['Engineering']);
  });

  it('decodes a gzip body', async () => {
    const { webhooks, stages } = kit();
    const base = await serve(createNodeMiddleware(webhooks));
    expect((await post(`${base}/?token=${TOKEN}`, gzipSync(PAYLOAD), { 'content-encoding': 'gzip' })).status).toBe(200);
    expect(stages).toEqual(['Engineering']);
  });
});

describe('createNodeMiddleware in Express', () => {
  it('mounted with app.use, the token in the path that Express strips from req.url', async () => {
    const { webhooks, stages } = kit();
    const app = express();
    app.use('/hooks', createNodeMiddleware(webhooks));
    expect((await post(`${await serve(app)}/hooks/${TOKEN}`)).status).toBe(200);
    expect(stages).toEqual(['Engineering']);
  });

  it('passes other paths to next()', async () => {
    const { webhooks } = kit();
    const app = express();
    app.use(createNodeMiddleware(webhooks, { path: '/coperniq' }));
    app.post('/other', (_req, res) => void res.status(201).send('theirs'));
    const res = await post(`${await serve(app)}/other`);
    expect([res.status, await res.text()]).toEqual([201, 'theirs']);
  });

  it('after express.json(): a clear 500 that says what to change, never a hang', async () => {
    const { webhooks, stages } = kit();
    const app = express();
    app.use(express.json());
    app.post('/coperniq/:token', createNodeMiddleware(webhooks));
    const res = await post(`${await serve(app)}/coperniq/${TOKEN}`);
    expect(res.status).toBe(500);
    const { error } = (await res.json()) as { error: string };
    expect(error).toMatch(/body was read by another middleware/);
    expect(error).toMatch(/express\.json\(\{ verify: \(req, res, buf\) => \{ req\.rawBody = buf \} \}\)/);
    expect(stages).toEqual([]);
  });

  it('after express.json({ verify }) keeping req.rawBody, or with express.raw(), it works (gzip too: body-parser inflated it)', async () => {
    const { webhooks, stages } = kit();
    const app = express();
    app.use('/kept', express.json({ verify: (req, _res, buf) => void ((req as { rawBody?: Buffer }).rawBody = buf) }));
    app.post('/kept/:token', createNodeMiddleware(webhooks));
    app.post('/raw/:token', express.raw({ type: '*/*' }), createNodeMiddleware(webhooks));
    const base = await serve(app);
    expect((await post(`${base}/kept/${TOKEN}`)).status).toBe(200);
    expect((await post(`${base}/raw/${TOKEN}`, gzipSync(PAYLOAD), { 'content-encoding': 'gzip' })).status).toBe(200);
    expect(stages).toEqual(['Engineering']);
    const dup = await post(`${base}/raw/${TOKEN}`);
    expect(await dup.json()).toMatchObject({ duplicate: true });
  });
});
