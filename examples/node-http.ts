// A Coperniq receiver on plain node:http, no framework.
import http from 'node:http';
import { CoperniqWebhooks, createNodeMiddleware } from 'coperniq-hooks';
import { notify } from './notify.js';

const webhooks = new CoperniqWebhooks({ token: process.env.COPERNIQ_TOKEN });
webhooks.on('PROJECT_MOVEMENT', ({ event, record }) =>
  notify('stages', `${event.eventId}: ${record?.title} moved to ${event.currentStage.name}`));
webhooks.on('*', ({ event }) => notify('all', `${event.eventId}: ${event.triggerKey}`));

// Answers POST /coperniq/<token> (and /coperniq?token=...); anything else gets 404.
const server = http.createServer(createNodeMiddleware(webhooks, { path: '/coperniq' }));
server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  console.log(`listening on http://127.0.0.1:${port}/coperniq/<token>`);
});
