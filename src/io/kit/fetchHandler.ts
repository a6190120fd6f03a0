import { answers, type WebhookAnswer } from '../../core/kit/answers.js';
import type { CoperniqWebhooks } from '../../core/kit/coperniqWebhooks.js';
import { pathMatches } from '../../core/kit/pathMatch.js';

export interface FetchHandlerOptions {
  /** As for createNodeMiddleware: the path, optionally followed by a token segment; others get 404. Default: any. */
  path?: string;
}

export type FetchHandler = (request: Request) => Promise<Response>;

export const BODY_USED_HINT =
  'coperniq-hooks: the request body was already read before the webhook handler got it. ' +
  'Pass the untouched Request (in Hono: c.req.raw, with no validator or c.req.json() before it; in Next.js: do not read the request first).';

const toResponse = (a: WebhookAnswer): Response => new Response(a.body, { status: a.status, headers: a.headers });

/** The body, at most `max` bytes (null past that), read from the stream as it arrives. */
async function readCapped(request: Request, max: number): Promise<Uint8Array | null> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * A thin layer over `webhooks.receive` for Fetch API runtimes: `(Request) => Promise<Response>`
 * for Hono, Next.js route handlers, Bun and Deno (Cloudflare Workers with `nodejs_compat`: the
 * kit uses node:crypto and node:zlib).
 */
export function createFetchHandler(webhooks: CoperniqWebhooks, options: FetchHandlerOptions = {}): FetchHandler {
  return async (request) => {
    const url = request.url;
    if (options.path !== undefined && !pathMatches(url, options.path)) return toResponse(answers.notFound());
    if (request.method !== 'POST') return toResponse(answers.methodNotAllowed());
    try {
      if (!webhooks.verify(url)) return toResponse(answers.unauthorized());
      if (request.bodyUsed) return toResponse(answers.misconfigured(BODY_USED_HINT));
      const declared = Number(request.headers.get('content-length'));
      if (Number.isFinite(declared) && declared > webhooks.maxBody) return toResponse(answers.tooLarge(webhooks.maxBody));
      const bytes = await readCapped(request, webhooks.maxBody);
      if (bytes === null) return toResponse(answers.tooLarge(webhooks.maxBody));
      return toResponse(await webhooks.receive(bytes, { url, headers: request.headers }));
    } catch {
      return toResponse(answers.internal());
    }
  };
}
