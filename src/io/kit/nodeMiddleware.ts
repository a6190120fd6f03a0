import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { answers, type WebhookAnswer } from '../../core/kit/answers.js';
import { receiveVerified, type CoperniqWebhooks } from '../../core/kit/coperniqWebhooks.js';
import { isPromiseLike } from '../../core/kit/maybeAsync.js';
import { normalizeHeaders } from '../../core/kit/requestHeaders.js';
import { pathMatches } from '../../core/kit/pathMatch.js';
import { readNodeBody, type BodySink, type NodeBody } from './readNodeBody.js';

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
 * Writes an answer, head and body in one `writeHead` + `end` (headers an Express app set before
 * still go out). The answer's headers go as they are: they carry Content-Length already
 * (answers.ts), and Node reads a plain object without copying it. The body goes out as a string:
 * Node then sends head and body in one chunk, where a Buffer body costs a second one.
 */
export function writeAnswer(res: ServerResponse, answer: WebhookAnswer, extra?: Record<string, string>): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(answer.status, extra ? { ...answer.headers, ...extra } : answer.headers).end(answer.body, 'latin1');
}

const CLOSE = { connection: 'close' };
const DONE = Promise.resolve();

// Node lower-cases header names and joins repeats itself; only set-cookie is ever an array.
const nodeHeaders = (headers: IncomingHttpHeaders): Record<string, string> =>
  headers['set-cookie'] === undefined ? (headers as Record<string, string>) : normalizeHeaders(headers);

/**
 * A thin layer over `webhooks.receive` for node:http, Express and Connect. It reads the body
 * itself; after a body parser it needs the raw bytes kept (`req.rawBody`, or `req.body` as a
 * Buffer or string from express.raw/express.text), and says so with a 500 otherwise. The
 * promise it returns settles once the answer is written.
 */
export function createNodeMiddleware(webhooks: CoperniqWebhooks, options: MiddlewareOptions = {}): NodeMiddleware {
  return (req, res, next) => {
    // Express strips its mount point from req.url; the token may be in what it stripped.
    const target = (req as MaybeExpress).originalUrl ?? req.url ?? '/';
    if (options.path !== undefined && !pathMatches(target, options.path)) {
      if (next) return Promise.resolve(next());
      return answered(res, answers.notFound());
    }
    if (req.method !== 'POST') return answered(res, answers.methodNotAllowed());
    try {
      // Checked before the body is read, so a wrong token costs nothing to refuse.
      if (!webhooks.verify(target)) return answered(res, answers.unauthorized(), CLOSE);
    } catch {
      return answered(res, answers.internal());
    }
    const written = new Promise<void>(keepResolve);
    readNodeBody(req, webhooks.maxBody, new NodeDelivery(webhooks, req, res, kept));
    return written;
  };
}

type Settle = (written: void | Promise<void>) => void;

// A Promise's executor runs at once, inside its constructor: this one, made once, hands over
// `resolve` through `kept`, where an arrow would be a closure (and a lazy compile) per delivery.
let kept: Settle;
const keepResolve = (resolve: Settle) => void (kept = resolve);

/** One request whose body is on its way; it answers once the body is in. */
class NodeDelivery implements BodySink {
  constructor(
    readonly webhooks: CoperniqWebhooks,
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly settle: Settle,
  ) {}

  take(body: NodeBody | Error): void {
    this.settle(answerSafely(this.webhooks, this.req, this.res, body));
  }
}

// The body arrives in a stream event: a throw there would be uncaught and take the server down.
function answerSafely(webhooks: CoperniqWebhooks, req: IncomingMessage, res: ServerResponse, body: NodeBody | Error): void | Promise<void> {
  try {
    return answerBody(webhooks, req, res, body);
  } catch {
    return writeAnswer(res, answers.internal());
  }
}

function answered(res: ServerResponse, answer: WebhookAnswer, extra?: Record<string, string>): Promise<void> {
  writeAnswer(res, answer, extra);
  return DONE;
}

function answerBody(webhooks: CoperniqWebhooks, req: IncomingMessage, res: ServerResponse, body: NodeBody | Error): void | Promise<void> {
  if (body instanceof Error) return writeAnswer(res, answers.internal());
  if ('answer' in body) return writeAnswer(res, body.answer, body.close ? CLOSE : undefined);
  // A body parser already undid any Content-Encoding of the bytes it kept.
  const headers = body.decoded ? normalizeHeaders({ ...req.headers, 'content-encoding': undefined }) : nodeHeaders(req.headers);
  const answer = receiveVerified(webhooks, body.bytes, headers);
  if (!isPromiseLike(answer)) return writeAnswer(res, answer);
  return Promise.resolve(answer).then((a) => writeAnswer(res, a));
}
