import type { IncomingHttpHeaders } from 'node:http';
import { Agent, request } from 'undici';
import { endToEndHeaders } from '../../core/http/hopByHop.js';

export interface Forwarded {
  /** The target's status, or 502 (unreachable) / 504 (timed out) for the sender. */
  status: number;
  reached: boolean;
  ms: number;
  error?: string;
  body: Buffer;
  contentType?: string;
}

export function makeForwarder(url: string, timeoutMs: number) {
  const agent = new Agent({ connections: 64, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  return {
    async forward(method: string, headers: IncomingHttpHeaders, body: Buffer): Promise<Forwarded> {
      const t0 = performance.now();
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        const res = await request(url, { method: method as 'POST', headers: endToEndHeaders(headers), body, signal, dispatcher: agent });
        const bytes = Buffer.from(await res.body.arrayBuffer());
        const type = res.headers['content-type'];
        return {
          status: res.statusCode,
          reached: true,
          ms: Math.round(performance.now() - t0),
          body: bytes,
          contentType: Array.isArray(type) ? type[0] : type,
        };
      } catch (err) {
        const e = err as Error & { code?: string };
        const timedOut = signal.aborted || e.code === 'UND_ERR_HEADERS_TIMEOUT' || e.code === 'UND_ERR_BODY_TIMEOUT';
        return {
          status: timedOut ? 504 : 502,
          reached: false,
          ms: Math.round(performance.now() - t0),
          error: timedOut ? `no answer within ${timeoutMs} ms` : (e.code ?? e.message),
          body: Buffer.alloc(0),
        };
      }
    },
    close: () => agent.close(),
  };
}

export type Forwarder = ReturnType<typeof makeForwarder>;
