import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { CoperniqWebhooks } from '../../core/kit/coperniqWebhooks.js';

/** The little of Fastify the plugin uses: no import of fastify, which stays the app's own dependency. */
interface FastifyRequestLike {
  raw: IncomingMessage;
  headers: IncomingHttpHeaders;
  body?: unknown;
}
interface FastifyReplyLike {
  code(status: number): FastifyReplyLike;
  headers(values: Record<string, string>): FastifyReplyLike;
  send(body: string): FastifyReplyLike;
}
export interface FastifyInstanceLike {
  removeAllContentTypeParsers(): void;
  addContentTypeParser(
    type: string,
    options: { parseAs: 'buffer'; bodyLimit?: number },
    parser: (request: unknown, body: Buffer, done: (err: Error | null, body?: Buffer) => void) => void,
  ): void;
  post(path: string, handler: (request: FastifyRequestLike, reply: FastifyReplyLike) => Promise<FastifyReplyLike>): unknown;
}

export interface FastifyPluginOptions {
  /** Default `/coperniq`; the token segment after it (`/coperniq/<token>`) is routed too. */
  path?: string;
}

/**
 * `app.register(createFastifyPlugin(webhooks))`: one POST route, in its own encapsulated scope
 * whose only body parser keeps the raw bytes (Fastify's JSON parser elsewhere in the app is left
 * alone, and nothing is re-serialised).
 */
export function createFastifyPlugin(webhooks: CoperniqWebhooks, options: FastifyPluginOptions = {}) {
  const path = (options.path ?? '/coperniq').replace(/\/+$/, '') || '/';
  return async function coperniqWebhooks(fastify: FastifyInstanceLike): Promise<void> {
    fastify.removeAllContentTypeParsers();
    fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: webhooks.maxBody }, (_request, body, done) => done(null, body));
    const handler = async (request: FastifyRequestLike, reply: FastifyReplyLike) => {
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const answer = await webhooks.receive(body, { url: request.raw.url ?? '/', headers: request.headers });
      return reply.code(answer.status).headers(answer.headers).send(answer.body);
    };
    fastify.post(path, handler);
    fastify.post(`${path === '/' ? '' : path}/:token`, handler);
  };
}
