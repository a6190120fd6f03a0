/**
 * Where the inspector listens: 127.0.0.1, and ::1 on the same port where the machine has it, never
 * another address (issue 10: the capture port may be exposed through a tunnel; this one never is).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BindOptions {
  port: number;
  /** When `port` is taken, try the ports after it, else fail with EADDRINUSE. */
  nextFree: boolean;
  /** Ports never to take (the capture port). */
  avoid: number[];
}

const NEXT_TRIES = 100;

function candidates(opts: BindOptions): number[] {
  if (opts.port === 0) return [0, 0, 0];
  if (!opts.nextFree) return [opts.port];
  const out: number[] = [];
  for (let p = opts.port; p <= 65535 && out.length < NEXT_TRIES; p++) if (!opts.avoid.includes(p)) out.push(p);
  return [...out, 0, 0];
}

/** 127.0.0.1 first; ::1 on the same port where it exists (a machine without IPv6 is fine). */
export async function bindLoopback(opts: BindOptions, handler: http.RequestListener): Promise<{ servers: http.Server[]; port: number; addresses: string[] }> {
  let lastError: unknown;
  for (const candidate of candidates(opts)) {
    if (candidate !== 0 && opts.avoid.includes(candidate)) {
      lastError = Object.assign(new Error(`port ${candidate} is the capture port`), { code: 'EADDRINUSE' });
      continue;
    }
    const v4 = http.createServer(handler);
    try {
      await listenOn(v4, candidate, '127.0.0.1');
    } catch (err) {
      lastError = err;
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') continue;
      throw err;
    }
    const port = (v4.address() as AddressInfo).port;
    if (opts.avoid.includes(port)) {
      v4.close();
      continue;
    }
    const v6 = http.createServer(handler);
    try {
      await listenOn(v6, port, '::1');
      return { servers: [v4, v6], port, addresses: ['127.0.0.1', '::1'] };
    } catch (err) {
      // Something else holds [::1]:port: a browser resolving `localhost` there would reach it.
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE' && candidate !== opts.port) {
        v4.close();
        lastError = err;
        continue;
      }
      return { servers: [v4], port, addresses: ['127.0.0.1'] };
    }
  }
  throw lastError;
}

function listenOn(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
