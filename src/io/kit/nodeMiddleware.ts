import type { IncomingMessage, ServerResponse } from 'node:http';
import { answers, type WebhookAnswer } from '../../core/kit/answers.js';
import type { CoperniqWebhooks } from '../../core/kit/coperniqWebhooks.js';
import { pathMatches } from '../../core/kit/pathMatch.js';
import { readNodeBody } from './readNodeBody.js';

export interface MiddlewareOptions {
  /**
   * The path the receiver answers on, as the client sent it (Express mounts included), optionally
   * followed by one more segment for a token in the path. Other paths go to `next()` (or get 404
   * without one). Default: every request that reaches the middleware.
   */
  path?: string;
}

/** Express, Connect and node:http alike: `(req, res, next?)`. */
export type NodeMiddleware = (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void) => Promise<void>;

type MaybeExpress = IncomingMessage & { originalUrl?: string };

/**
 * Writes an answer with its length in bytes (not UTF-16 units). The body goes out as a string:
 * Node then sends head and body in one chunk, where a Buffer body costs a second one (and the
 * writev that joins them was the costliest step of a receive).
 */
export function writeAnswer(res: ServerResponse, answer: WebhookAnswer, extra?: Record<string, string>): void {
  if (res.headersSent || res.destroyed) return;
  for (const name in answer.headers) res.setHeader(name, answer.headers[name]);
  if (extra) for (const name in extra) res.setHeader(name, extra[name]);
  res.setHeader('content-length', Buffer.byteLength(answer.body, 'utf8'));
  res.statusCode = answer.status;
  res.end(answer.body, 'utf8');
}

/**
 * A thin layer over `webhooks.receive` for node:http, Express and Connect. It reads the body
 * itself; after a body parser it needs the raw bytes kept (`req.rawBody`, or `req.body` as a
 * Buffer or string from express.raw/express.text), and says so with a 500 otherwise.
 */
export function createNodeMiddleware(webhooks: CoperniqWebhooks, options: MiddlewareOptions = {}): NodeMiddleware {
  return async (req, res, next) => {
    // Express strips its mount point from req.url; the token may be in what it stripped.
    const target = (req as MaybeExpress).originalUrl ?? req.url ?? '/';
    if (options.path !== undefined && !pathMatches(target, options.path)) {
      if (next) return next();
      return writeAnswer(res, answers.notFound());
    }
    if (req.method !== 'POST') return writeAnswer(res, answers.methodNotAllowed());
    try {
      // Checked before the body is read, so a wrong token costs nothing to refuse.
      if (!webhooks.verify(target)) return writeAnswer(res, answers.unauthorized(), { connection: 'close' });
      const body = await readNodeBody(req, webhooks.maxBody);
      if ('answer' in body) return writeAnswer(res, body.answer, body.close ? { connection: 'close' } : undefined);
      const headers = body.decoded ? { ...req.headers, 'content-encoding': undefined } : req.headers;
      writeAnswer(res, await webhooks.receive(body.bytes, { url: target, headers }));
    } catch {
      writeAnswer(res, answers.internal());
    }
  };
}
