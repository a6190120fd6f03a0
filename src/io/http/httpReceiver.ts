import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';

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

/** The node:http side of `listen`: limits, token, methods; the delivery itself is the caller's. */
export function startReceiver(opts: ReceiverOptions): Promise<Receiver> {
  let inflight = 0;
  let stopping = false;
  let onIdle: (() => void) | null = null;
  const settled = () => {
    inflight--;
    if (inflight === 0 && onIdle) onIdle();
  };

  // Checking every second (not Node's default 30 s) so a stalled client is cut off near the 10 s mark.
  // Node answers a Host-less HTTP/1.1 request 400 itself, with no event: we check, so it is counted.
  const serverOpts = { headersTimeout: opts.headersTimeoutMs, requestTimeout: 0, connectionsCheckingInterval: 1000, requireHostHeader: false };
  const server = http.createServer(serverOpts, (req, res) => {
    inflight++;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      settled();
    };
    res.on('finish', finish);
    res.on('close', finish);
    const method = req.method ?? '';
    const target = req.url ?? '/';
    const remote = req.socket.remoteAddress ?? '';
    const reject = (reason: RejectReason, status: number, detail: string, close = false) => {
      opts.onRejected({ reason, status, method, target, remote, detail });
      send(res, status, JSON.stringify({ ok: false, error: detail }), JSON_TYPE, close);
    };

    if (stopping) return reject('stopping', 503, 'listener is shutting down; retry later', true);
    if (req.headers.host === undefined && req.httpVersion !== '1.0') {
      req.resume();
      return reject('bad-request', 400, 'no Host header (HTTP/1.1 requires one)', true);
    }
    if (method === 'GET' || method === 'HEAD') {
      const body = JSON.stringify(opts.status(opts.authorize(target)));
      res.writeHead(200, { ...JSON_TYPE, 'content-length': String(Buffer.byteLength(body)) });
      res.end(method === 'HEAD' ? undefined : body);
      return;
    }
    if (!CAPTURED.has(method)) {
      res.setHeader('allow', 'GET, HEAD, POST, PUT, PATCH');
      return reject('method', 405, `method ${method} is not captured (use POST, PUT or PATCH)`);
    }
    if (!opts.authorize(target)) {
      req.resume();
      return reject('token', 401, 'missing or wrong token', true);
    }
    const declared = Number(req.headers['content-length']);
    if (declared > opts.maxBody) {
      req.resume();
      return reject('too-large', 413, `body of ${declared} bytes is over the ${opts.maxBody}-byte limit`, true);
    }

    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      reject('body-timeout', 408, `body not received within ${opts.bodyTimeoutMs} ms (${size} bytes so far)`, true);
      // A stalled client will not read the answer; free its socket now.
      res.once('finish', () => req.socket.destroy());
      setImmediate(() => req.socket.destroy());
    }, opts.bodyTimeoutMs);
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > opts.maxBody) {
        done = true;
        clearTimeout(timer);
        reject('too-large', 413, `body over the ${opts.maxBody}-byte limit`, true);
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => {
      done = true;
      clearTimeout(timer);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      const incoming: Incoming = {
        method,
        target,
        headers: req.headers,
        remote,
        body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size),
        receivedAt: new Date(),
      };
      opts.onDelivery(incoming).then(
        (answer) => send(res, answer.status, answer.body, answer.headers ?? JSON_TYPE, stopping),
        (err: Error) => send(res, 500, JSON.stringify({ ok: false, error: err.message }), JSON_TYPE, stopping),
      );
    });
  });

  // Node keeps only the first 1,000 headers unless told otherwise, silently; the header size limit
  // (16 KiB, answered 431 below) already bounds them, so every header is kept and recorded.
  server.maxHeadersCount = 0;

  // Headers use Node's own timer; the body timer above is ours, because it starts after the headers.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    const remote = socket.remoteAddress ?? '';
    if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      opts.onRejected({ reason: 'headers-timeout', status: 408, method: '', target: '', remote, detail: `headers not received within ${opts.headersTimeoutMs} ms` });
      if (socket.writable) socket.end('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    } else if (err.code === 'HPE_HEADER_OVERFLOW' && socket.writable) {
      opts.onRejected({ reason: 'headers-too-large', status: 431, method: '', target: '', remote, detail: `headers over the ${http.maxHeaderSize}-byte limit` });
      socket.end('HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    } else if (err.code !== 'ECONNRESET' && socket.writable) {
      opts.onRejected({ reason: 'bad-request', status: 400, method: '', target: '', remote, detail: `malformed HTTP request (${err.code ?? err.message})` });
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    }
    socket.destroy();
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: opts.port, host: opts.host }, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      resolve({
        port,
        close: async () => {
          stopping = true;
          const closed = new Promise<void>((r) => server.close(() => r()));
          server.closeIdleConnections();
          if (inflight > 0) await new Promise<void>((r) => (onIdle = r));
          server.closeAllConnections();
          await closed;
        },
      });
    });
  });
}
