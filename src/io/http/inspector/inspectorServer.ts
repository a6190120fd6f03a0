/**
 * The inspector's HTTP server: loopback only (127.0.0.1, and ::1 where the machine has it), on a
 * port of its own, never the capture port (which may be exposed through a tunnel). Every request
 * passes the guard (Host, Origin, token) before routing; no CORS headers, ever.
 */
import http from 'node:http';
import { bearerToken, cookieName, cookieValue, refuseRequest, sessionTokenMatches } from '../../../core/inspect/requestGuard.js';
import type { EventHub } from './eventStream.js';
import { apiError, type ApiHandler, type ApiReply } from './inspectorTypes.js';
import { loadStatic } from './staticFiles.js';
import { bindLoopback, type BindOptions } from './bindLoopback.js';

export const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const COMMON = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

export interface InspectorServerOptions extends BindOptions {
  token: string;
  staticDir: string;
  api: ApiHandler;
  events: EventHub;
  /** Largest request body an API call accepts. */
  maxBody: number;
}

export interface InspectorServer {
  port: number;
  /** With the token: what the user opens. */
  url: string;
  /** Addresses actually bound, e.g. ["127.0.0.1", "::1"]. */
  addresses: string[];
  close: () => Promise<void>;
}

export async function startInspectorServer(opts: InspectorServerOptions): Promise<InspectorServer> {
  // The port a request came in on is the one its Host must name (known before binding is done).
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => void handle(opts, req.socket.localPort ?? 0, req, res).catch((err: Error) => fail(res, err));
  const { servers, port, addresses } = await bindLoopback(opts, handler);
  return {
    port,
    url: `http://127.0.0.1:${port}/?token=${opts.token}`,
    addresses,
    close: async () => {
      opts.events.close();
      await Promise.all(servers.map((s) => new Promise<void>((r) => {
        s.close(() => r());
        s.closeAllConnections();
      })));
    },
  };
}

function fail(res: http.ServerResponse, err: Error): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  send(res, 500, { ...COMMON, 'content-type': 'application/json; charset=utf-8' }, JSON.stringify({ error: `unexpected failure: ${err.message}` }));
}

function send(res: http.ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer, head = false): void {
  res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
  res.end(head ? undefined : body);
}

async function handle(opts: InspectorServerOptions, port: number, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  // Only the path and query of the target count: an absolute-form target names no other host.
  const url = new URL((req.url ?? '/').replace(/^[a-z]+:\/\/[^/]*/i, '') || '/', 'http://127.0.0.1');
  const api = url.pathname === '/api' || url.pathname.startsWith('/api/');
  const refused = refuseRequest({ method, host: req.headers.host, origin: header(req, 'origin'), fetchSite: header(req, 'sec-fetch-site'), api }, port);
  const text = { ...COMMON, 'content-type': 'text/plain; charset=utf-8', 'content-security-policy': PAGE_CSP };
  if (refused) return send(res, refused.status, text, `${refused.reason}\n`);
  if (method === 'OPTIONS') return send(res, 405, { ...text, allow: 'GET, HEAD, POST' }, 'no cross-origin requests here\n');

  const name = cookieName(port);
  const queryToken = url.searchParams.get('token');
  const fromQuery = sessionTokenMatches(queryToken, opts.token);
  const authorized = fromQuery || sessionTokenMatches(cookieValue(req.headers.cookie, name), opts.token) || sessionTokenMatches(bearerToken(req.headers.authorization), opts.token);
  if (!authorized) {
    if (api) return send(res, 401, { ...COMMON, 'content-type': 'application/json; charset=utf-8' }, JSON.stringify({ error: 'missing or wrong token: send the inspector cookie, ?token= or Authorization: Bearer <token>' }));
    return send(res, 401, text, 'This inspector needs its token: open the URL that coperniq-hooks printed (http://127.0.0.1:PORT/?token=...).\n');
  }
  if (!api && fromQuery && (method === 'GET' || method === 'HEAD')) {
    // Trade the token for a cookie, then drop it from the address bar (and from history), as Jupyter does.
    url.searchParams.delete('token');
    const cookie = `${name}=${opts.token}; HttpOnly; SameSite=Strict; Path=/`;
    res.writeHead(303, { ...text, 'set-cookie': cookie, location: `${url.pathname}${url.search}`, 'content-length': '0' });
    res.end();
    return;
  }
  if (api) return handleApi(opts, method, url, req, res);
  if (method !== 'GET' && method !== 'HEAD') return send(res, 405, { ...text, allow: 'GET, HEAD' }, 'method not allowed\n');
  const found = await loadStatic(opts.staticDir, safeDecode(url.pathname));
  if (found.status !== 200) return send(res, found.status, text, found.text, method === 'HEAD');
  send(res, 200, { ...COMMON, 'content-type': found.type, 'content-security-policy': PAGE_CSP }, found.bytes, method === 'HEAD');
}

async function handleApi(opts: InspectorServerOptions, method: string, url: URL, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const jsonHeaders = { ...COMMON, 'content-type': 'application/json; charset=utf-8', 'content-security-policy': "default-src 'none'; frame-ancestors 'none'" };
  const path = url.pathname.slice('/api'.length) || '/';
  if (path === '/events') {
    if (method !== 'GET') return reply(res, jsonHeaders, apiError(405, 'GET only'));
    opts.events.attach(req, res, COMMON);
    return;
  }
  let body: Buffer | null = null;
  if (method === 'POST') {
    const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    // A form cannot send application/json, and a script that can is already same-origin.
    if (type !== 'application/json') return reply(res, jsonHeaders, apiError(415, 'send the request body as Content-Type: application/json'));
    body = await readBody(req, opts.maxBody);
    if (body === null) return reply(res, jsonHeaders, apiError(413, `request body over ${opts.maxBody} bytes`));
  } else if (method !== 'GET' && method !== 'HEAD') {
    return reply(res, jsonHeaders, apiError(405, `${method} is not used by this API`));
  }
  const gone = new AbortController();
  res.on('close', () => gone.abort());
  const answer = await opts.api({ method: method === 'HEAD' ? 'GET' : method, path, params: url.searchParams, body, signal: gone.signal });
  reply(res, jsonHeaders, answer, method === 'HEAD');
}

function reply(res: http.ServerResponse, jsonHeaders: Record<string, string>, a: ApiReply, head = false): void {
  if (res.destroyed) return;
  if (a.bytes) return send(res, a.status, { ...COMMON, ...a.headers }, a.bytes, head);
  const body = a.jsonText ?? `${JSON.stringify(a.json ?? null)}\n`;
  send(res, a.status, { ...jsonHeaders, ...a.headers }, body, head);
}

function readBody(req: http.IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) over = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function safeDecode(p: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    return p;
  }
}
