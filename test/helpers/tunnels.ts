import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { ROOT } from './cli.js';
import { PAYLOAD } from './listen.js';

/** The fake cloudflared and ngrok (and @ngrok/ngrok) of test/fixtures/fake-tunnels. */
export const FAKES = path.join(ROOT, 'test/fixtures/fake-tunnels');
const CERT = path.join(FAKES, 'tls-cert.pem');
const PUBLIC_HOSTS = path.join(ROOT, 'test/helpers/public-hosts.mjs');
const FAKE_NAME = /^t(\d+)-[a-z-]+\.(trycloudflare\.com|ngrok-free\.app)$/;

/**
 * A PATH of one folder holding `node` (the fakes' `#!/usr/bin/env node` needs it) and the named
 * fakes, and nothing else: a real cloudflared or ngrok on this machine is never picked up.
 */
export function fakeBin(dir: string, names: ('cloudflared' | 'ngrok')[]): string {
  mkdirSync(dir, { recursive: true });
  symlinkSync(process.execPath, path.join(dir, 'node'));
  for (const n of names) symlinkSync(path.join(FAKES, n), path.join(dir, n));
  return dir;
}

/** Environment for a listen that finds only `bin` on its PATH and trusts the fakes' certificate. */
export function tunnelEnv(watchPort: number, bin: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: bin,
    NODE_EXTRA_CA_CERTS: CERT,
    NODE_OPTIONS: `--import=${PUBLIC_HOSTS}`,
    FAKE_TUNNEL_WATCH: String(watchPort),
    NGROK_AUTHTOKEN: '',
    ...extra,
  };
}

export interface FakeTunnel {
  name: string;
  pid: number;
  /** The guard between listen and the tunnel. */
  ppid: number;
}

/** Fake tunnels report here while they run (see publicSide.mjs); their socket closes when they end. */
export async function watchTunnels() {
  const live = new Map<net.Socket, FakeTunnel>();
  const started: FakeTunnel[] = [];
  const waiters = new Set<() => void>();
  const poke = () => waiters.forEach((w) => w());
  const server = net.createServer((socket) => {
    let text = '';
    socket.setEncoding('utf8').on('data', (d: string) => {
      text += d;
      const m = /^(\S+) (\d+) (\d+)\n/.exec(text);
      if (m && !live.has(socket)) {
        const t = { name: m[1], pid: Number(m[2]), ppid: Number(m[3]) };
        live.set(socket, t);
        started.push(t);
        poke();
      }
    });
    socket.on('close', () => (live.delete(socket), poke()));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const until = (ok: () => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => ok() && (waiters.delete(check), resolve());
      waiters.add(check);
      check();
    });
  return {
    port: (server.address() as net.AddressInfo).port,
    started,
    running: () => [...live.values()],
    /** Resolves once `n` fake tunnels have started in all. */
    startedCount: (n: number) => until(() => started.length >= n),
    /** Resolves once no fake tunnel is running. */
    allGone: () => until(() => live.size === 0),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of live.keys()) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** POSTs (or GETs) through a fake tunnel's public https URL, connecting to its loopback port. */
export function sendPublic(url: string, body: Buffer | null = PAYLOAD, method = body ? 'POST' : 'GET'): Promise<{ status: number; text: string }> {
  const u = new URL(url);
  const m = FAKE_NAME.exec(u.hostname);
  if (!m) throw new Error(`not a fake tunnel URL: ${url}`);
  return new Promise((resolve, reject) => {
    const req = https.request(
      { host: '127.0.0.1', port: Number(m[1]), servername: u.hostname, ca: readFileSync(CERT), method, path: `${u.pathname}${u.search}`, headers: { host: u.hostname, 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

/** The URL of the paste block (the n-th one printed: a restarted quick tunnel prints a new one). */
export const PASTE = /paste this URL into your Coperniq Automation's "Call webhook" action:\n\s+(\S+)/g;

export function pasteUrls(stderr: string): string[] {
  return [...stderr.matchAll(PASTE)].map((m) => m[1]);
}
