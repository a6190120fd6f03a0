// A Coperniq receiver in Hono on Node (@hono/node-server); the same handler runs on Bun, Deno and Workers.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { CoperniqWebhooks, createFetchHandler } from 'coperniq-hooks';
import { notify } from './notify.js';

const webhooks = new CoperniqWebhooks({ token: process.env.COPERNIQ_TOKEN });
webhooks.on('PROJECT_MOVEMENT', ({ event, record }) =>
  notify('stages', `${event.eventId}: ${record?.title} moved to ${event.currentStage.name}`));
webhooks.on('*', ({ event }) => notify('all', `${event.eventId}: ${event.triggerKey}`));

const receive = createFetchHandler(webhooks);
const app = new Hono();
// The untouched Request: no validator or c.req.json() before it.
app.post('/coperniq/:token', (c) => receive(c.req.raw));
serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3000), hostname: '127.0.0.1' }, ({ port }) => {
  console.log(`listening on http://127.0.0.1:${port}/coperniq/<token>`);
});
