// The receiving kit's side of kit.bench.mjs: node:http + createNodeMiddleware from the built
// package, token in the URL, VALIDATION=warn|off, the default in-memory dedupe store, one handler
// for every trigger. Prints `listening PORT` once ready.
import http from 'node:http';
import { CoperniqWebhooks, createNodeMiddleware } from '../../dist/index.js';

let handled = 0;
const webhooks = new CoperniqWebhooks({ token: process.env.TOKEN, validation: process.env.VALIDATION });
webhooks.on('*', () => void handled++);
const server = http.createServer(createNodeMiddleware(webhooks));
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, () => {
    console.error(`handled ${handled}`);
    server.close(() => process.exit(0));
  });
}
