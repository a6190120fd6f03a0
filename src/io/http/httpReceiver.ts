import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import { counted } from '../../core/text/plural.js';

export interface Incoming {
  method: string;
  /** The request target as sent: path and query. */
  target: string;
  headers: http.IncomingHttpHeaders;
  remote: string;
  body: Buffer;
  receivedAt: Date;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body: string | Uint8Array;
}

export type RejectReason = 'token' | 'too-large' | 'headers-too-large' | 'body-timeout' | 'headers-timeout' | 'bad-request' | 'method' | 'stopping';

export interface Rejection {
  reason: RejectReason;
  status: number;
  method: string;
  target: string;
  remote: string;
  detail: string;
}

export interface ReceiverOptions {
  host: string;
  port: number;
  maxBody: number;
  /** From the end of the headers to the end of the body. */
  bodyTimeoutMs: number;
  headersTimeoutMs: number;
  authorize: (target: string) => boolean;
  /** What GET and HEAD answer; `authorized` is false for a request without the token. */
  status: (authorized: boolean) => Record<string, unknown>;
  onDelivery: (incoming: Incoming) => Promise<Answer>;
  onRejected: (rejection: Rejection) => void;
}

export interface Receiver {
  port: number;
  /** Stops accepting, lets what is in flight finish, then closes every connection. */
  close: () => Promise<void>;
}

const CAPTURED = new Set(['POST', 'PUT', 'PATCH']);
const JSON_TYPE = { 'content-type': 'application/json' };

function send(res: http.ServerResponse, status: number, body: string | Uint8Array, headers: Record<string, string> = JSON_TYPE, close = false): void {
  if (res.headersSent || res.destroyed) return;
  if (close) res.setHeader('connection', 'close');
  // A length, not chunked encoding: one write for the whole answer, and simple senders read it.
  const length = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  res.writeHead(status, { ...headers, 'content-length': String(length) });
  res.end(body);
}

/** Counts requests in flight, so that closing can wait for them. */
class InFlight {
  private count = 0;
  private onIdle: (() => void) | null = null;

  track(res: http.ServerResponse): void {
    this.count++;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      if (--this.count === 0 && this.onIdle) this.onIdle();
    };
    res.on('finish', finish);
    res.on('close', finish);
  }

  idle(): Promise<void> {
    return this.count === 0 ? Promise.resolve() : new Promise<void>((r) => (this.onIdle = r));
  }
}

interface Exchange {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  method: string;
  target: string;
  remote: string;
  reject: (reason: RejectReason, status: number, detail: string, close?: boolean) => void;
}

/** The node:http side of `listen`: limits, token, methods; the delivery itself is the caller's. */
export function startReceiver(opts: ReceiverOptions): Promise<Receiver> {
  const inFlight = new InFlight();
  // Requests whose body is still arriving. Stopping answers them 503 at once (nothing of them is
  // stored yet, and the sender retries) rather than wait up to --timeout for a slow upload.
  const reading = new Set<() => void>();
  let stopping = false;
  // Checking every second (not Node's default 30 s) so a stalled client is cut off near the 10 s mark.
  // Node answers a Host-less HTTP/1.1 request 400 itself, with no event: we check, so it is counted.
  const serverOpts = { headersTimeout: opts.headersTimeoutMs, requestTimeout: 0, connectionsCheckingInterval: 1000, requireHostHeader: false };
  const server = http.createServer(serverOpts, (req, res) => {
    inFlight.track(res);
    const ex = exchange(req, res, opts);
    if (stopping) return ex.reject('stopping', 503, 'listener is shutting down; retry later', true);
    if (answeredAtTheDoor(ex, opts)) return;
    void readBody(ex, opts, reading).then((body) => body && deliver(ex, body, opts, () => stopping));
  });
  // Node keeps only the first 1,000 headers unless told otherwise, silently; the header size limit
  // (16 KiB, answered 431 below) already bounds them, so every header is kept and recorded.
  server.maxHeadersCount = 0;
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => answerClientError(err, socket, opts));

  return listenOn(server, opts).then((port) => ({
    port,
    close: async () => {
      stopping = true;
      for (const cutOff of reading) cutOff();
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeIdleConnections();
      await inFlight.idle();
      server.closeAllConnections();
      await closed;
    },
  }));
}

function exchange(req: http.IncomingMessage, res: http.ServerResponse, opts: ReceiverOptions): Exchange {
  const method = req.method ?? '';
  const target = req.url ?? '/';
  const remote = req.socket.remoteAddress ?? '';
  const reject: Exchange['reject'] = (reason, status, detail, close = false) => {
    opts.onRejected({ reason, status, method, target, remote, detail });
    send(res, status, JSON.stringify({ ok: false, error: detail }), JSON_TYPE, close);
  };
  return { req, res, method, target, remote, reject };
}

/** Everything decided from the request line and headers: status answers and refusals. True when answered. */
function answeredAtTheDoor({ req, res, method, target, reject }: Exchange, opts: ReceiverOptions): boolean {
  if (req.headers.host === undefined && req.httpVersion !== '1.0') {
    req.resume();
    reject('bad-request', 400, 'no Host header (HTTP/1.1 requires one)', true);
    return true;
  }
  if (method === 'GET' || method === 'HEAD') {
    const body = JSON.stringify(opts.status(opts.authorize(target)));
    res.writeHead(200, { ...JSON_TYPE, 'content-length': String(Buffer.byteLength(body)) });
    res.end(method === 'HEAD' ? undefined : body);
    return true;
  }
  if (!CAPTURED.has(method)) {
    res.setHeader('allow', 'GET, HEAD, POST, PUT, PATCH');
    reject('method', 405, `method ${method} is not captured (use POST, PUT or PATCH)`);
    return true;
  }
  if (!opts.authorize(target)) {
    req.resume();
    reject('token', 401, 'missing or wrong token', true);
    return true;
  }
  const declared = Number(req.headers['content-length']);
  if (declared > opts.maxBody) {
    req.resume();
    reject('too-large', 413, `body of ${declared} bytes is over the ${opts.maxBody}-byte limit`, true);
    return true;
  }
  return false;
}

/**
 * The whole body, or null when it was refused (too large, too slow, the listener stopping) or the
 * client went away. While it arrives, `reading` holds what stopping calls to cut it off.
 */
function readBody({ req, res, reject }: Exchange, opts: ReceiverOptions, reading: Set<() => void>): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const end = (body: Buffer | null) => {
      done = true;
      clearTimeout(timer);
      reading.delete(cutOff);
      resolve(body);
    };
    const giveUp = (reason: RejectReason, status: number, detail: string) => {
      if (done) return;
      end(null);
      reject(reason, status, detail, true);
      // A client still sending may not read the answer; free its socket now.
      res.once('finish', () => req.socket.destroy());
      setImmediate(() => req.socket.destroy());
    };
    const cutOff = () => giveUp('stopping', 503, `listener is shutting down; retry later (${counted(size, 'byte')} of the body had come)`);
    reading.add(cutOff);
    // Our own timer, not Node's: it starts after the headers, which Node's headersTimeout covers.
    const timer = setTimeout(() => giveUp('body-timeout', 408, `body not received within ${opts.bodyTimeoutMs} ms (${counted(size, 'byte')} so far)`), opts.bodyTimeoutMs);
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > opts.maxBody) {
        end(null);
        reject('too-large', 413, `body over the ${opts.maxBody}-byte limit`, true);
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => end(null));
    req.on('end', () => {
      if (!done) end(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    });
  });
}

function deliver({ req, res, method, target, remote }: Exchange, body: Buffer, opts: ReceiverOptions, stopping: () => boolean): void {
  const incoming: Incoming = { method, target, headers: req.headers, remote, body, receivedAt: new Date() };
  opts.onDelivery(incoming).then(
    (answer) => send(res, answer.status, answer.body, answer.headers ?? JSON_TYPE, stopping()),
    (err: Error) => send(res, 500, JSON.stringify({ ok: false, error: err.message }), JSON_TYPE, stopping()),
  );
}

/** Requests Node could not parse, or whose headers came too slowly or were too large: counted and answered. */
function answerClientError(err: NodeJS.ErrnoException, socket: Socket, opts: ReceiverOptions): void {
  const remote = socket.remoteAddress ?? '';
  const rejected = (reason: RejectReason, status: number, detail: string) =>
    opts.onRejected({ reason, status, method: '', target: '', remote, detail });
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    rejected('headers-timeout', 408, `headers not received within ${opts.headersTimeoutMs} ms`);
    if (socket.writable) socket.end('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  } else if (err.code === 'HPE_HEADER_OVERFLOW' && socket.writable) {
    rejected('headers-too-large', 431, `headers over the ${http.maxHeaderSize}-byte limit`);
    socket.end('HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  } else if (err.code !== 'ECONNRESET' && socket.writable) {
    rejected('bad-request', 400, `malformed HTTP request (${err.code ?? err.message})`);
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  }
  socket.destroy();
}

function listenOn(server: http.Server, opts: ReceiverOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: opts.port, host: opts.host }, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
