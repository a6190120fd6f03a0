import { setTimeout as sleep } from 'node:timers/promises';
import { restartDelayMs } from '../../core/tunnel/restartDelay.js';

/** One run of a tunnel: a program, or the ngrok library in process. */
export interface TunnelSession {
  /** The public URL; rejects if the tunnel ends or stalls before it has one. */
  url: Promise<string>;
  /** Resolves with why the tunnel ended. */
  ended: Promise<string>;
  stop: () => Promise<void>;
}

export interface SupervisorHooks {
  /** The tunnel is back after dying, with this (quick tunnels: new) URL. */
  onUp: (url: string) => void;
  /** The tunnel died (`restartFailed`: a restart did not come up either); the next try is in `retryInMs`. */
  onDown: (reason: string, retryInMs: number, restartFailed: boolean) => void;
}

export interface Supervised {
  url: string;
  stop: () => Promise<void>;
}

/** A tunnel up this long before dying counts as having worked: the backoff starts over. */
const STABLE_MS = 60_000;

/**
 * Starts a tunnel and keeps it up: a tunnel that dies is restarted after a growing delay, for as
 * long as `listen` runs, while local capture goes on. The first start must succeed: a tunnel
 * asked for and never had is the caller's error to report.
 */
export async function superviseTunnel(start: () => TunnelSession, hooks: SupervisorHooks, signal: AbortSignal): Promise<Supervised> {
  let session = start();
  let url: string;
  // Ctrl-C while the tunnel is still coming up stops it there.
  const giveUp = () => void session.stop();
  signal.addEventListener('abort', giveUp, { once: true });
  try {
    url = await session.url;
  } catch (err) {
    await session.stop();
    throw err;
  } finally {
    signal.removeEventListener('abort', giveUp);
  }
  const stopping = new AbortController();
  const stopped = new Promise<string>((resolve) => stopping.signal.addEventListener('abort', () => resolve(''), { once: true }));

  const keepUp = async () => {
    let failures = 0;
    let upSince = performance.now();
    for (;;) {
      let reason = await Promise.race([session.ended, stopped]);
      if (stopping.signal.aborted) return;
      failures = performance.now() - upSince >= STABLE_MS ? 1 : failures + 1;
      for (let again = false; ; again = true) {
        const delay = restartDelayMs(failures);
        hooks.onDown(reason, delay, again);
        await sleep(delay, undefined, { signal: stopping.signal }).catch(() => undefined);
        if (stopping.signal.aborted) return;
        session = start();
        try {
          const next = await session.url;
          if (stopping.signal.aborted) return;
          upSince = performance.now();
          hooks.onUp(next);
          break;
        } catch (err) {
          if (stopping.signal.aborted) return;
          reason = (err as Error).message;
          failures++;
        }
      }
    }
  };
  const kept = keepUp();
  return {
    url,
    stop: async () => {
      stopping.abort();
      await session.stop();
      await kept;
    },
  };
}
