/**
 * Posts bodies to one origin through an undici Pool (keep-alive, `connections` sockets) and turns
 * every outcome, including timeouts and refused connections, into an Attempt rather than a throw.
 */
import { Pool, type Dispatcher } from 'undici';
import { describeNetworkError, timedOutText } from '../../core/http/networkError.js';
import { redactSecrets } from '../../core/capture/redact.js';

export interface Attempt {
  status: number | null;
  ms: number;
  retryAfter?: string | string[];
  /** The answer's headers, for the inspector's replay result. */
  headers?: Record<string, string | string[] | undefined>;
  /** Network failure or timeout, in words. */
  error?: string;
  /** The start of the answer's body, kept only for answers that are not a success. */
  bodyStart?: string;
  /** No complete answer within the timeout; `status` is set when the headers came but the body did not finish. */
  timedOut?: boolean;
  /**
   * The status came but the body did not finish (Ctrl-C, the connection lost): not a confirmed
   * answer, whatever the status said, as a webhook sender whose read fails takes it.
   */
  unfinished?: boolean;
  aborted?: boolean;
}

const BODY_START = 200;

interface Reading {
  body: { destroy: () => unknown };
  deadline: number;
  cut: boolean;
}

export class Sender {
  private readonly pool: Pool;
  private readonly path: string;
  private readonly timeoutMs: number;
  private readonly signal: AbortSignal;
  private readonly secrets: readonly string[];
  /** Answers whose body is being read, each with the time its attempt must be over by. */
  private readonly reading = new Set<Reading>();
  private readonly sweeper: NodeJS.Timeout;

  /**
   * `timeoutMs` bounds the wait for a connection and for the answer's headers (undici's own
   * timers: a timer and abort listener per request cost a fifth of the throughput), and the whole
   * attempt, body included: one sweeper for all requests cuts a body that trickles past it
   * (undici's bodyTimeout is per pause, so one byte a second would never end). Ctrl-C destroys
   * the pool, which fails every request in flight at once. `secrets` are hidden in the answers
   * kept (a receiver's error page may echo the URL it was called with, token and all).
   */
  constructor(target: URL, opts: { connections: number; timeoutMs: number; signal: AbortSignal; secrets?: readonly string[] }) {
    this.timeoutMs = opts.timeoutMs;
    this.signal = opts.signal;
    this.secrets = opts.secrets ?? [];
    this.pool = new Pool(target.origin, {
      connections: opts.connections,
      pipelining: 1,
      connectTimeout: opts.timeoutMs,
      headersTimeout: opts.timeoutMs,
      bodyTimeout: opts.timeoutMs,
    });
    this.path = `${target.pathname}${target.search}`;
    this.sweeper = setInterval(() => this.cutOverdue(), Math.max(10, Math.min(250, opts.timeoutMs / 10)));
    this.sweeper.unref();
    opts.signal.addEventListener('abort', () => void this.pool.destroy().catch(() => {}), { once: true });
  }

  async post(body: Uint8Array, headers: Record<string, string | string[]>, isSuccess: (status: number) => boolean): Promise<Attempt> {
    const t0 = performance.now();
    if (this.signal.aborted) return { status: null, ms: 0, error: 'interrupted', aborted: true };
    try {
      const res = await this.pool.request({ path: this.path, method: 'POST', headers, body });
      const reading: Reading = { body: res.body, deadline: t0 + this.timeoutMs, cut: false };
      this.reading.add(reading);
      let bodyStart: string | undefined;
      let cutShort: unknown = null;
      try {
        if (isSuccess(res.statusCode)) cutShort = await drain(res.body);
        else bodyStart = redactSecrets(await readStart(res.body), this.secrets);
      } catch (err) {
        cutShort = err;
      } finally {
        this.reading.delete(reading);
      }
      const ms = performance.now() - t0;
      if (reading.cut === false && cutShort === null) return { status: res.statusCode, ms, retryAfter: res.headers['retry-after'], headers: res.headers, bodyStart };
      const answered = { status: res.statusCode, ms, headers: res.headers, bodyStart };
      if (reading.cut || isTimeout(cutShort)) return { ...answered, error: `${timedOutText(this.timeoutMs)} (${UNFINISHED})`, timedOut: true };
      return this.unfinished(answered, cutShort);
    } catch (err) {
      const ms = performance.now() - t0;
      if (this.signal.aborted) return { status: null, ms, error: 'interrupted', aborted: true };
      if (isTimeout(err)) return { status: null, ms, error: timedOutText(this.timeoutMs), timedOut: true };
      return { status: null, ms, error: describeNetworkError(err) };
    }
  }

  private unfinished(answered: Attempt, err: unknown): Attempt {
    if (this.signal.aborted) return { ...answered, error: `interrupted (${UNFINISHED})`, unfinished: true, aborted: true };
    return { ...answered, error: describeNetworkError(err), unfinished: true };
  }

  private cutOverdue(): void {
    const now = performance.now();
    for (const r of this.reading) {
      if (r.deadline > now) continue;
      r.cut = true;
      this.reading.delete(r);
      r.body.destroy();
    }
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    if (!this.pool.destroyed) await this.pool.close();
  }
}

const UNFINISHED = "the answer's body did not finish";

function isTimeout(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT';
}

/**
 * Reads a success's body to its end and says what cut it short, or null. dump() resolves either
 * way, so its stream's error is looked at: Ctrl-C destroying the pool or the connection lost
 * mid-body leave one; dump's own stop after 128 KiB (the rest of a long answer is let go) leaves
 * RequestAbortedError, which is no failure of the answer.
 */
async function drain(body: Dispatcher.ResponseData['body']): Promise<unknown> {
  await body.dump();
  const err = body.errored as { code?: string } | null;
  return err && err.code !== 'UND_ERR_ABORTED' ? err : null;
}

async function readStart(body: AsyncIterable<Buffer>): Promise<string> {
  let text = '';
  for await (const chunk of body) {
    text += chunk.toString('utf8');
    if (text.length >= BODY_START) break;
  }
  return text.slice(0, BODY_START).replace(/\s+/g, ' ').trim();
}
