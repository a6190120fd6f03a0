import type { IncomingHttpHeaders } from 'node:http';
import { Agent, request } from 'undici';
import { endToEndHeaders } from '../../core/http/hopByHop.js';
import { describeNetworkError, timedOutText } from '../../core/http/networkError.js';

/** What of the target's answer body is passed back to the sender; the rest is let go unread. */
export const RELAYED_BODY_MAX = 64 * 1024;

export interface Forwarded {
  /** The target's status, or 502 (unreachable) / 504 (timed out) for the sender. */
  status: number;
  reached: boolean;
  ms: number;
  error?: string;
  /** The start of the target's answer body: at most RELAYED_BODY_MAX bytes, what arrived within the timeout. */
  body: Buffer;
  contentType?: string;
}

/**
 * Reads at most `max` bytes; stops at the first error (the deadline's abort included) and keeps
 * what came. Leaving the loop early destroys the stream, so a target that streams forever costs
 * `max` bytes and one connection, not memory.
 */
async function readUpTo(body: AsyncIterable<Buffer>, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      chunks.push(chunk.subarray(0, max - size));
      size += Math.min(chunk.length, max - size);
      if (size >= max) break;
    }
  } catch {
    // Cut off (deadline, listen stopping) or reset mid-body: the status already came, and is what counts.
  }
  return Buffer.concat(chunks, size);
}

/**
 * What ends one forward early: its deadline, or listen stopping. Not AbortSignal.any, which keeps
 * every signal it made alive on a long-lived one such as `stopping` (nodejs/node#55351).
 */
class ForwardEnd {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly onStop = () => this.end('stopped');
  timedOut = false;
  stopped = false;

  constructor(timeoutMs: number, private readonly stopping: AbortSignal) {
    this.timer = setTimeout(() => this.end('timedOut'), timeoutMs);
    if (stopping.aborted) this.end('stopped');
    else stopping.addEventListener('abort', this.onStop, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  private end(why: 'timedOut' | 'stopped'): void {
    if (this.controller.signal.aborted) return;
    this[why] = true;
    this.controller.abort();
  }

  release(): void {
    clearTimeout(this.timer);
    this.stopping.removeEventListener('abort', this.onStop);
  }
}

/**
 * `stopping` (listen's Ctrl-C) ends every forward in flight at once rather than after `timeoutMs`:
 * one whose status came is answered with it and the body that came; one still waiting is answered
 * 503, so the sender tries again later (the delivery itself is stored).
 */
export function makeForwarder(url: string, timeoutMs: number, stopping: AbortSignal) {
  const agent = new Agent({ connections: 64, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  return {
    /** The whole exchange, body included, is bounded by `timeoutMs`; once the status came, it is the answer. */
    async forward(method: string, headers: IncomingHttpHeaders, body: Buffer): Promise<Forwarded> {
      const t0 = performance.now();
      const ms = () => Math.round(performance.now() - t0);
      const end = new ForwardEnd(timeoutMs, stopping);
      try {
        let res;
        try {
          res = await request(url, { method: method as 'POST', headers: endToEndHeaders(headers), body, signal: end.signal, dispatcher: agent });
        } catch (err) {
          if (end.stopped) return { status: 503, reached: false, ms: ms(), error: 'listen stopped before the target answered', body: Buffer.alloc(0) };
          const code = (err as { code?: string }).code;
          const timedOut = end.timedOut || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT';
          return { status: timedOut ? 504 : 502, reached: false, ms: ms(), error: timedOut ? timedOutText(timeoutMs) : describeNetworkError(err), body: Buffer.alloc(0) };
        }
        const bytes = await readUpTo(res.body, RELAYED_BODY_MAX);
        const type = res.headers['content-type'];
        return { status: res.statusCode, reached: true, ms: ms(), body: bytes, contentType: Array.isArray(type) ? type[0] : type };
      } finally {
        end.release();
      }
    },
    close: () => agent.close(),
  };
}

export type Forwarder = ReturnType<typeof makeForwarder>;
