import { gzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { CoperniqWebhooks, createFastifyPlugin } from '../../../../src/index.js';
import { sample } from '../../../helpers/payloads.js';

const TOKEN = 'tok3n';
const PAYLOAD = JSON.stringify(sample('PROJECT_MOVEMENT'));
const apps: FastifyInstance[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

async function start() {
  const stages: string[] = [];
  const webhooks = new CoperniqWebhooks({ token: TOKEN, maxBody: 4096 }).onError(() => {});
  webhooks.on('PROJECT_MOVEMENT', ({ event }) => void stages.push(event.currentStage.name));
  const app = Fastify();
  apps.push(app);
  await app.register(createFastifyPlugin(webhooks));
  // The app's own JSON routes keep Fastify's parser.
  app.post('/other', async (request) => ({ got: request.body }));
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return { base, stages };
}

const post = (url: string, body: string | Buffer = PAYLOAD, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

describe('createFastifyPlugin', () => {
  it('receives on /coperniq/<token> and /coperniq?token=, with the raw bytes; a duplicate runs nothing', async () => {
    const { base, stages } = await start();
    const res = await post(`${base}/coperniq/${TOKEN}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, eventId: 432563 });
    expect(await (await post(`${base}/coperniq?token=${TOKEN}`)).json()).toMatchObject({ duplicate: true });
    expect(stages).toEqual(['Engineering']);
  });

  it('401, 413 (Fastify refuses past maxBody), gzip, and the rest of the app untouched', async () => {
    const { base, stages } = await start();
    expect((await post(`${base}/coperniq/wrong`)).status).toBe(401);
    expect((await post(`${base}/coperniq/${TOKEN}`, 'x'.repeat(5000))).status).toBe(413);
    const moved = JSON.stringify({ ...sample('PROJECT_MOVEMENT'), event: { ...sample('PROJECT_MOVEMENT').event, eventId: 2 } });
    expect((await post(`${base}/coperniq/${TOKEN}`, gzipSync(moved), { 'content-encoding': 'gzip' })).status).toBe(200);
    expect(stages).toEqual(['Engineering']);
    expect(await (await post(`${base}/other`, '{"a":1}')).json()).toEqual({ got: { a: 1 } });
  });
});
