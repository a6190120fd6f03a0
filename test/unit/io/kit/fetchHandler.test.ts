import { gzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { CoperniqWebhooks, createFetchHandler } from '../../../../src/index.js';
import { sample } from '../../../helpers/payloads.js';

const TOKEN = 'tok3n';
const PAYLOAD = JSON.stringify(sample('TASK_STATUS_MOVEMENT'));

function kit() {
  const seen: string[] = [];
  const webhooks = new CoperniqWebhooks({ token: TOKEN, maxBody: 4096 }).onError(() => {});
  webhooks.on('TASK_STATUS_MOVEMENT', ({ event, workOrder }) => void seen.push(`${workOrder.id} ${event.previousStatus} -> ${event.currentStatus}`));
  return { webhooks, seen };
}

const request = (url: string, body: string | Uint8Array | ReadableStream<Uint8Array> | null = PAYLOAD, init: RequestInit = {}) =>
  new Request(url, { method: 'POST', body, ...init, headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) } });

describe('createFetchHandler', () => {
  it('Request in, Response out', async () => {
    const { webhooks, seen } = kit();
    const handle = createFetchHandler(webhooks, { path: '/coperniq' });
    const res = await handle(request(`https://example.com/coperniq?token=${TOKEN}`));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await res.json()).toEqual({ ok: true, eventId: 441877 });
    expect(seen).toEqual(['918273 SCHEDULED -> WORKING']);
  });

  it('401, 404, 405, 413 (declared and streamed), gzip', async () => {
    const { webhooks, seen } = kit();
    const handle = createFetchHandler(webhooks, { path: '/coperniq' });
    expect((await handle(request('https://x/coperniq?token=no'))).status).toBe(401);
    expect((await handle(request(`https://x/other?token=${TOKEN}`))).status).toBe(404);
    expect((await handle(new Request(`https://x/coperniq/${TOKEN}`))).status).toBe(405);
    expect((await handle(request(`https://x/coperniq/${TOKEN}`, 'x'.repeat(5000)))).status).toBe(413);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array(3000));
        c.enqueue(new Uint8Array(3000));
        c.close();
      },
    });
    expect((await handle(request(`https://x/coperniq/${TOKEN}`, stream, { duplex: 'half' } as RequestInit))).status).toBe(413);
    expect(seen).toEqual([]);
    const zipped = await handle(request(`https://x/coperniq/${TOKEN}`, gzipSync(PAYLOAD), { headers: { 'content-encoding': 'gzip' } }));
    expect(zipped.status).toBe(200);
    expect(seen).toHaveLength(1);
  });

  it('a body read before the handler gets a clear 500, not a crash', async () => {
    const { webhooks } = kit();
    const req = request(`https://x/coperniq/${TOKEN}`);
    await req.text();
    const res = await createFetchHandler(webhooks)(req);
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: string }).error).toMatch(/already read.*c\.req\.raw/);
  });

  it('in Hono: app.post(path, (c) => handle(c.req.raw))', async () => {
    const { webhooks, seen } = kit();
    const handle = createFetchHandler(webhooks);
    const app = new Hono();
    app.post('/coperniq/:token', (c) => handle(c.req.raw));
    const res = await app.request(`/coperniq/${TOKEN}`, { method: 'POST', body: PAYLOAD });
    expect(res.status).toBe(200);
    expect(seen).toEqual(['918273 SCHEDULED -> WORKING']);
  });
});
