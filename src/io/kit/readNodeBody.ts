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

/**
 * The body's bytes, wherever they are: kept by a body parser (`req.rawBody` from a `verify` hook,
 * Google Cloud Functions or NestJS; `req.body` as a Buffer or string from express.raw or
 * express.text), or still in the stream. A stream another middleware already read is never
 * waited on: that request would hang until a timeout. `done` gets the body, or an Error when the
 * client went away before sending all of it. A callback, not a promise: this runs per delivery.
 */
export function readNodeBody(req: IncomingMessage, maxBody: number, done: (body: NodeBody | Error) => void): void {
  const r = req as Parsed;
  const kept = asBytes(r.rawBody) ?? asBytes(r.body);
  if (kept) return done(kept.length > maxBody ? { answer: answers.tooLarge(maxBody) } : { bytes: kept, decoded: true });
  // body-parser marks what it read with `_body`; Express 4 sets `req.body = {}` even when it did not read.
  if (r._body === true || req.readableEnded || (req.complete && !req.readable)) return done({ answer: answers.misconfigured(CONSUMED_HINT) });
  if (declaresMoreThan(req.headers['content-length'], maxBody)) return done({ answer: answers.tooLarge(maxBody), close: true });
  readStream(req, maxBody, done);
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

/**
 * The body as it arrives, cut off past maxBody; `done` is called once. Written for the allocations
 * it avoids, since each one is a cache line or two touched per delivery: no array for a body that
 * comes in one chunk (most do), and no closure beyond the two listeners.
 */
function readStream(req: IncomingMessage, maxBody: number, done: (body: NodeBody | Error) => void): void {
  let first: Buffer | null = null;
  let more: Buffer[] | null = null;
  let size = 0;
  let settled = false;
  const onData = (chunk: Buffer) => {
    size += chunk.length;
    if (size > maxBody) {
      req.off('data', onData);
      // What is left is not worth reading: the answer closes the connection.
      req.resume();
      settled = true;
      return done({ answer: answers.tooLarge(maxBody), close: true });
    }
    if (first === null) first = chunk;
    else (more ??= []).push(chunk);
  };
  req.on('data', onData);
  // One listener for every ending: an IncomingMessage read to its end destroys itself, so 'close'
  // follows 'end' within a tick; one that fails (the client went away, a bad chunk) emits 'close'
  // too, and 'error' only to a listener. Each listener costs a delivery about 500 instructions.
  req.on('close', () => {
    if (settled) return;
    settled = true;
    if (!req.complete) return done(new Error('the client went away before the body was complete'));
    // Chunks are joined before decoding, so a character split between two is read whole.
    done({ bytes: more === null ? (first ?? Buffer.alloc(0)) : Buffer.concat([first as Buffer, ...more], size), decoded: false });
  });
}
