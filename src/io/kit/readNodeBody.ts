import type { IncomingMessage } from 'node:http';
import { answers, type WebhookAnswer } from '../../core/kit/answers.js';

export type NodeBody =
  /** `decoded`: a body parser kept the bytes, after undoing any Content-Encoding. */
  | { bytes: Buffer; decoded: boolean }
  | { answer: WebhookAnswer; close?: boolean };

type Parsed = IncomingMessage & { rawBody?: unknown; body?: unknown; _body?: unknown };

const asBytes = (v: unknown): Buffer | null =>
  typeof v === 'string' ? Buffer.from(v, 'utf8') : v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : null;

export const CONSUMED_HINT =
  'coperniq-hooks: the request body was read by another middleware (a body parser ran first) and its raw bytes were not kept. ' +
  'Mount the webhook middleware before express.json(), or keep the bytes: express.json({ verify: (req, res, buf) => { req.rawBody = buf } }), ' +
  "or express.raw({ type: '*/*' }) on the webhook route.";

/** What readNodeBody hands the body to: an object with a method, where a callback would be a closure per delivery. */
export interface BodySink {
  /** The body, or an Error when the client went away before sending all of it. Called once. */
  take(body: NodeBody | Error): void;
}

/**
 * The body's bytes, wherever they are: kept by a body parser (`req.rawBody` from a `verify` hook,
 * Google Cloud Functions or NestJS; `req.body` as a Buffer or string from express.raw or
 * express.text), or still in the stream. A stream another middleware already read is never
 * waited on: that request would hang until a timeout. Not a promise: this runs per delivery.
 */
export function readNodeBody(req: IncomingMessage, maxBody: number, sink: BodySink): void {
  const r = req as Parsed;
  const kept = asBytes(r.rawBody) ?? asBytes(r.body);
  if (kept) return sink.take(kept.length > maxBody ? { answer: answers.tooLarge(maxBody) } : { bytes: kept, decoded: true });
  // body-parser marks what it read with `_body`; Express 4 sets `req.body = {}` even when it did
  // not read. A request this reader already reads counts as read too.
  if (r._body === true || req.readableEnded || (req.complete && !req.readable) || (req as Reading)[READING] !== undefined) {
    return sink.take({ answer: answers.misconfigured(CONSUMED_HINT) });
  }
  if (declaresMoreThan(req.headers['content-length'], maxBody)) return sink.take({ answer: answers.tooLarge(maxBody), close: true });
  readStream(req, maxBody, sink);
}

/** 10 ** n, for n digits: the smallest number with n + 1 of them. */
const POWERS_OF_TEN = Array.from({ length: 16 }, (_, n) => 10 ** n);

/**
 * Whether a Content-Length (digits only: Node's parser refuses any other) is over `max`. Number()
 * of a header's text is a call into the runtime, per delivery; a value of n digits is below
 * 10 ** n, which settles the usual body by its text's length alone.
 */
function declaresMoreThan(contentLength: string | undefined, max: number): boolean {
  if (contentLength === undefined) return false;
  const digits = contentLength.length;
  if (digits < POWERS_OF_TEN.length && POWERS_OF_TEN[digits] - 1 <= max) return false;
  return Number(contentLength) > max;
}

const READING = Symbol('coperniq-hooks: body being read');

/** A body on its way in. */
class BodyReading {
  first: Buffer | null = null;
  more: Buffer[] | null = null;
  size = 0;
  settled = false;

  constructor(
    readonly maxBody: number,
    readonly sink: BodySink,
  ) {}
}

type Reading = IncomingMessage & { [READING]?: BodyReading };

/**
 * The body as it arrives, cut off past maxBody; the sink gets it once. Written for the allocations
 * it avoids, since each one is a cache line or two touched per delivery, and each new closure a
 * trip through V8's lazy compile on its first call: the listeners are two functions made once,
 * which find the reading on the request they are called on (`this`); and no array for a body that
 * comes in one chunk (most do).
 */
function readStream(req: IncomingMessage, maxBody: number, sink: BodySink): void {
  (req as Reading)[READING] = new BodyReading(maxBody, sink);
  req.on('data', onData);
  // One listener for every ending: an IncomingMessage read to its end destroys itself, so 'close'
  // follows 'end' within a tick; one that fails (the client went away, a bad chunk) emits 'close'
  // too, and 'error' only to a listener. Each listener costs a delivery about 500 instructions.
  req.on('close', onClose);
}

function onData(this: Reading, chunk: Buffer): void {
  const r = this[READING] as BodyReading;
  r.size += chunk.length;
  if (r.size > r.maxBody) {
    this.off('data', onData);
    // What is left is not worth reading: the answer closes the connection.
    this.resume();
    r.settled = true;
    return r.sink.take({ answer: answers.tooLarge(r.maxBody), close: true });
  }
  if (r.first === null) r.first = chunk;
  else (r.more ??= []).push(chunk);
}

function onClose(this: Reading): void {
  const r = this[READING] as BodyReading;
  if (r.settled) return;
  r.settled = true;
  if (!this.complete) return r.sink.take(new Error('the client went away before the body was complete'));
  // Chunks are joined before decoding, so a character split between two is read whole.
  r.sink.take({ bytes: r.more === null ? (r.first ?? Buffer.alloc(0)) : Buffer.concat([r.first as Buffer, ...r.more], r.size), decoded: false });
}
