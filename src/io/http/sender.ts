/**
 * Posts bodies to one origin through an undici Pool (keep-alive, `connections` sockets) and turns
 * every outcome, including timeouts and refused connections, into an Attempt rather than a throw.
 */
import { Pool } from 'undici';

export interface Attempt {
  status: number | null;
  ms: number;
  retryAfter?: string | string[];
  /** Network failure or timeout, in words. */
  error?: string;
  /** The start of the answer's body, kept only for answers that are not a success. */
  bodyStart?: string;
  timedOut?: boolean;
  aborted?: boolean;
}

const BODY_START = 200;

export class Sender {
  private readonly pool: Pool;
  private readonly path: string;
  private readonly timeoutMs: number;
  private readonly signal: AbortSignal;

  /**
   * `timeoutMs` bounds the wait for the answer's headers and each pause in its body (undici's
   * own timers: a timer and abort listener per request cost a fifth of the throughput). Ctrl-C
   * destroys the pool, which fails every request in flight at once.
   */
  constructor(target: URL, opts: { connections: number; timeoutMs: number; signal: AbortSignal }) {
    this.timeoutMs = opts.timeoutMs;
    this.signal = opts.signal;
    this.pool = new Pool(target.origin, {
      connections: opts.connections,
      pipelining: 1,
      connectTimeout: opts.timeoutMs,
      headersTimeout: opts.timeoutMs,
      bodyTimeout: opts.timeoutMs,
    });
    this.path = `${target.pathname}${target.search}`;
    opts.signal.addEventListener('abort', () => void this.pool.destroy().catch(() => {}), { once: true });
  }

  async post(body: Uint8Array, headers: Record<string, string | string[]>, isSuccess: (status: number) => boolean): Promise<Attempt> {
    const t0 = performance.now();
    if (this.signal.aborted) return { status: null, ms: 0, error: 'interrupted', aborted: true };
    try {
      const res = await this.pool.request({ path: this.path, method: 'POST', headers, body });
      let bodyStart: string | undefined;
      if (isSuccess(res.statusCode)) await res.body.dump();
      else bodyStart = await readStart(res.body);
      return { status: res.statusCode, ms: performance.now() - t0, retryAfter: res.headers['retry-after'], bodyStart };
    } catch (err) {
      const ms = performance.now() - t0;
      if (this.signal.aborted) return { status: null, ms, error: 'interrupted', aborted: true };
      const code = (err as { code?: string }).code;
      if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
        return { status: null, ms, error: `timed out after ${this.timeoutMs} ms`, timedOut: true };
      }
      return { status: null, ms, error: describeNetworkError(err) };
    }
  }

  async close(): Promise<void> {
    if (!this.pool.destroyed) await this.pool.close();
  }
}

async function readStart(body: AsyncIterable<Buffer> & { destroy?: () => void }): Promise<string> {
  let text = '';
  for await (const chunk of body) {
    text += chunk.toString('utf8');
    if (text.length >= BODY_START) break;
  }
  return text.slice(0, BODY_START).replace(/\s+/g, ' ').trim();
}

export function describeNetworkError(err: unknown): string {
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e?.code && !e.code.startsWith('UND_ERR') ? e.code : (e?.cause?.code ?? e?.code);
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused (is the receiver running?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'connection closed by the receiver before it answered';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return 'timed out';
    default:
      return e?.message ?? String(err);
  }
}
