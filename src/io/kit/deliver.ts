import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { CoperniqWebhooks } from '../../core/kit/coperniqWebhooks.js';
import { normalizeHeaders } from '../../core/kit/requestHeaders.js';

type FetchLike = (request: Request) => Response | Promise<Response>;
type NodeLike = (req: http.IncomingMessage, res: http.ServerResponse, next?: (err?: unknown) => void) => unknown;

/**
 * What `deliver` can send to: a URL (a running server), a CoperniqWebhooks, a Node handler
 * (`(req, res)`, an Express app, createNodeMiddleware), a Fetch handler (`(request)`,
 * createFetchHandler) or anything with a `fetch` method (a Hono app, a Workers module).
 */
export type DeliverTarget = string | URL | CoperniqWebhooks | { fetch: FetchLike } | FetchLike | NodeLike;

export interface DeliverOptions {
  /** Added as `?token=`. */
  token?: string;
  /** Path (and query) for handler targets. Default `/`. */
  path?: string;
  headers?: Record<string, string>;
  /** Send it gzip-compressed with `Content-Encoding: gzip`. */
  gzip?: boolean;
}

export interface Delivered {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

function requestUrl(target: DeliverTarget, options: DeliverOptions): URL {
  const url = typeof target === 'string' || target instanceof URL ? new URL(target) : new URL(options.path ?? '/', 'http://127.0.0.1');
  if (options.token !== undefined) url.searchParams.set('token', options.token);
  return url;
}

const answerOf = (status: number, headers: Record<string, string>, body: string): Delivered => {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  return { status, headers, body, json };
};

async function viaFetch(send: (r: Request) => Response | Promise<Response>, url: URL, init: RequestInit): Promise<Delivered> {
  const res = await send(new Request(url, init));
  return answerOf(res.status, normalizeHeaders(res.headers), await res.text());
}

/** A Node handler gets a real request: a loopback server on a free port, for this delivery only. */
async function viaNode(handler: NodeLike, url: URL, init: RequestInit): Promise<Delivered> {
  const server = http.createServer((req, res) => {
    Promise.resolve(handler(req, res, () => res.writeHead(404).end())).catch(() => !res.headersSent && res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const local = new URL(`${url.pathname}${url.search}`, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return await viaFetch(fetch, local, init);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/**
 * Sends one payload as Coperniq would (POST, JSON, the token in the URL) and returns the answer:
 * for tests of your own receiver, in vitest or jest.
 */
export async function deliver(target: DeliverTarget, payload: unknown, options: DeliverOptions = {}): Promise<Delivered> {
  const url = requestUrl(target, options);
  const text = typeof payload === 'string' || payload instanceof Uint8Array ? payload : JSON.stringify(payload);
  const raw = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const body = options.gzip ? gzipSync(raw) : raw;
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(options.gzip ? { 'content-encoding': 'gzip' } : {}), ...options.headers };
  if (target instanceof CoperniqWebhooks) {
    const a = await target.receive(body, { url: `${url.pathname}${url.search}`, headers });
    return answerOf(a.status, a.headers, a.body);
  }
  const init: RequestInit = { method: 'POST', headers, body };
  if (typeof target === 'string' || target instanceof URL) return viaFetch(fetch, url, init);
  if (typeof target === 'object' && typeof target.fetch === 'function') return viaFetch((r) => target.fetch(r), url, init);
  if (typeof target !== 'function') throw new TypeError('deliver: the target must be a URL, a CoperniqWebhooks, a Node handler or a Fetch handler');
  // (req, res[, next]) is a Node handler; (request) a Fetch one. A Fetch handler with more parameters: pass { fetch }.
  return target.length >= 2 ? viaNode(target as NodeLike, url, init) : viaFetch(target as FetchLike, url, init);
}
