import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin/coperniq-hooks.js');
export const SAMPLES = path.join(ROOT, 'samples');

export interface Result {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const cleanEnv = (env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => {
  const base = { ...process.env };
  for (const k of ['NO_COLOR', 'FORCE_COLOR', 'COPERNIQ_HOOKS_TOKEN', 'COPERNIQ_HOOKS_TARGET']) delete base[k];
  return { ...base, ...env };
};

/** Runs the built bin as a user would and waits for it to exit. */
export function runCli(
  args: string[],
  opts: { input?: string | Buffer; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env: cleanEnv(opts.env) });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

export interface Running {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the match once stdout or stderr matches, rejects if the process exits first. */
  waitFor: (re: RegExp, stream?: 'stdout' | 'stderr' | 'any') => Promise<RegExpMatchArray>;
  exited: Promise<Result>;
  stop: (signal?: NodeJS.Signals) => Promise<Result>;
}

/** Starts the built bin and keeps it running (for `listen`); `via` runs it under another program (strace). */
export function startCli(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; via?: string[] } = {}): Running {
  return startScript(BIN, args, opts);
}

/** Starts a Node script (the bin, an example app) and keeps it running. */
export function startScript(script: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; via?: string[] } = {}): Running {
  const [cmd, ...pre] = [...(opts.via ?? []), process.execPath];
  const child = spawn(cmd, [...pre, script, ...args], { cwd: opts.cwd ?? ROOT, env: cleanEnv(opts.env) });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  const poke = () => waiters.forEach((w) => w());
  child.stdout.setEncoding('utf8').on('data', (d: string) => ((out += d), poke()));
  child.stderr.setEncoding('utf8').on('data', (d: string) => ((err += d), poke()));
  const exited = new Promise<Result>((resolve) =>
    child.on('close', (code, signal) => {
      resolve({ code, signal, stdout: out, stderr: err });
      poke();
    }),
  );
  let done = false;
  void exited.then(() => (done = true));
  const waitFor = (re: RegExp, stream: 'stdout' | 'stderr' | 'any' = 'any') =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const text = stream === 'stdout' ? out : stream === 'stderr' ? err : `${out}\n${err}`;
        const m = text.match(re);
        if (m) {
          waiters.delete(check);
          resolve(m);
        } else if (done) {
          waiters.delete(check);
          reject(new Error(`process exited before ${re}\nstdout: ${out}\nstderr: ${err}`));
        }
      };
      waiters.add(check);
      check();
    });
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (!done) child.kill(signal);
    return exited;
  };
  return { child, stdout: () => out, stderr: () => err, waitFor, exited, stop };
}

/** A port with nothing listening on it right now: bound on loopback, then closed. */
export async function freePort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

export async function tempDir(prefix = 'coperniq-hooks-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** When the body had fully arrived (performance.now() in the test process). */
  at: number;
}

/** A real loopback HTTP server on port 0 that records what it receives. */
export async function startReceiver(
  handler: (req: Received, res: http.ServerResponse) => void = (_r, res) => res.end('ok'),
): Promise<{ url: string; received: Received[]; waitForCount: (n: number) => Promise<void>; close: () => Promise<void> }> {
  const received: Received[] = [];
  const waiters = new Set<() => void>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks), at: performance.now() };
      received.push(r);
      waiters.forEach((w) => w());
      handler(r, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    waitForCount: (n) =>
      new Promise((resolve) => {
        const check = () => {
          if (received.length >= n) {
            waiters.delete(check);
            resolve();
          }
        };
        waiters.add(check);
        check();
      }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
