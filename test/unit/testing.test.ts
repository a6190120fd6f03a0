import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Hono } from 'hono';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { CoperniqWebhooks, createFetchHandler, createNodeMiddleware, parseWebhook, type Stage } from '../../src/index.js';
import { deliver, samplePayload } from '../../src/testing.js';

const TOKEN = 'test-token';

function receiver() {
  const stages: string[] = [];
  const webhooks = new CoperniqWebhooks({ token: TOKEN }).onError(() => {});
  webhooks.on('PROJECT_MOVEMENT', ({ event }) => void stages.push(event.currentStage.name));
  return { webhooks, stages };
}

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

describe('samplePayload', () => {
  it('is typed by trigger, validates, and keeps stage and ids consistent', () => {
    const p = samplePayload('PROJECT_MOVEMENT', { stage: 'PTO', recordId: 42 });
    expectTypeOf(p.event.currentStage).toEqualTypeOf<Stage>();
    expect(parseWebhook(p)).toMatchObject({ success: true, warnings: [] });
    expect([p.event.currentStage.name, p.record?.stage?.name, p.event.previousStage?.name]).toEqual(['PTO', 'PTO', 'Engineering']);
    expect([p.event.recordId, p.record?.id]).toEqual([42, 42]);
  });

  it('sets fields given as event, record and workOrder last', () => {
    const p = samplePayload('TASK_CREATED', { eventId: 5, record: { title: 'Roof' }, workOrder: { priority: 1 }, event: { triggerName: 'x' } });
    expect([p.event.eventId, p.record?.title, p.workOrder.priority, p.event.triggerName, p.workOrder.id]).toEqual([5, 'Roof', 1, 'x', p.event.workOrderId]);
  });

  it('an unknown trigger is a TypeError with "did you mean"', () => {
    // @ts-expect-error not a trigger key
    expect(() => samplePayload('TASK_CREATD')).toThrow(/unknown trigger "TASK_CREATD"; did you mean TASK_CREATED\?/);
  });
});

describe('deliver', () => {
  const payload = samplePayload('PROJECT_MOVEMENT', { stage: 'PTO' });

  it('to a CoperniqWebhooks, a node middleware, an Express app, a fetch handler and a Hono app', async () => {
    const { webhooks, stages } = receiver();
    const app = express();
    app.post('/coperniq', createNodeMiddleware(webhooks));
    const hono = new Hono();
    const handle = createFetchHandler(webhooks);
    hono.post('/coperniq', (c) => handle(c.req.raw));
    const targets = [webhooks, createNodeMiddleware(webhooks), app, handle, hono];
    for (const [i, target] of targets.entries()) {
      const answer = await deliver(target, samplePayload('PROJECT_MOVEMENT', { stage: `S${i}`, eventId: i + 1 }), { token: TOKEN, path: '/coperniq' });
      expect(answer, `target ${i}`).toMatchObject({ status: 200, json: { ok: true, eventId: i + 1 } });
    }
    expect(stages).toEqual(['S0', 'S1', 'S2', 'S3', 'S4']);
    expect((await deliver(webhooks, payload, { token: 'wrong' })).status).toBe(401);
    expect((await deliver(app, samplePayload('PROJECT_MOVEMENT', { eventId: 1 }), { token: TOKEN, path: '/coperniq' })).json).toMatchObject({ duplicate: true });
  });

  it('to a URL, gzip-compressed', async () => {
    const { webhooks, stages } = receiver();
    const server = http.createServer(createNodeMiddleware(webhooks));
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const answer = await deliver(url, payload, { token: TOKEN, gzip: true });
    expect(answer).toMatchObject({ status: 200, headers: { 'content-type': 'application/json; charset=utf-8' } });
    expect(stages).toEqual(['PTO']);
  });
});
