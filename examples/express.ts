// A Coperniq receiver in Express: typed, retry-correct, duplicate-safe.
import express from 'express';
import { CoperniqWebhooks, createNodeMiddleware } from 'coperniq-hooks';
import { notify } from './notify.js';

const webhooks = new CoperniqWebhooks({ token: process.env.COPERNIQ_TOKEN });
webhooks.on('PROJECT_MOVEMENT', ({ event, record }) =>
  notify('stages', `${event.eventId}: ${record?.title} moved to ${event.currentStage.name}`));
webhooks.on('*', ({ event }) => notify('all', `${event.eventId}: ${event.triggerKey}`));

const app = express();
// Before any express.json(): the kit reads the raw body itself.
app.post('/coperniq/:token', createNodeMiddleware(webhooks));
const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  console.log(`listening on http://127.0.0.1:${port}/coperniq/<token>`);
});
