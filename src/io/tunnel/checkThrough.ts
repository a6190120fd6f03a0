import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';

export interface ThroughCheck {
  /** A GET through the public URL got this listen's own status answer. */
  reached: boolean;
  /** What the last attempt got, when it did not reach us. */
  detail: string;
}

const ATTEMPT_MS = 10_000;

async function attempt(url: string, signal: AbortSignal): Promise<ThroughCheck> {
  try {
    const res = await request(url, { method: 'GET', headersTimeout: ATTEMPT_MS, bodyTimeout: ATTEMPT_MS, signal, headers: { accept: 'application/json' } });
    const text = (await res.body.text()).slice(0, 2000);
    let body: { tool?: unknown; listening?: unknown } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      // not our JSON: said below
    }
    if (res.statusCode === 200 && body.tool === 'coperniq-hooks' && body.listening === true) return { reached: true, detail: '' };
    return { reached: false, detail: `answered ${res.statusCode}, not by this listen` };
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
    return { reached: false, detail: e.cause?.code ?? e.code ?? e.message };
  }
}

/**
 * One end-to-end check: GET the public URL (with the token) and expect our own status answer.
 * A new quick tunnel "may take some time to be reachable" (cloudflared's own words: its DNS name
 * is fresh), so a miss is tried again every `everyMs` until `withinMs` has passed.
 */
export async function checkThrough(url: string, opts: { signal: AbortSignal; withinMs: number; everyMs: number }): Promise<ThroughCheck> {
  const until = performance.now() + opts.withinMs;
  for (;;) {
    const result = await attempt(url, opts.signal);
    if (result.reached || opts.signal.aborted || performance.now() + opts.everyMs > until) return result;
    await sleep(opts.everyMs, undefined, { signal: opts.signal }).catch(() => undefined);
  }
}
