import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { request } from 'undici';
import type { IndexEntry } from '../../src/core/capture/captureFormat.js';
import { SAMPLES, startCli, type Running } from './cli.js';

/** The support page's example payload, as bundled in samples/ (the benchmarks' one too). */
export const PAYLOAD = readFileSync(path.join(SAMPLES, 'PROJECT_MOVEMENT.json'));

export interface Listening {
  run: Running;
  /** The URL from the start-up line (with the token when one is set). */
  url: string;
  /** `http://127.0.0.1:PORT` */
  base: string;
  dir: string;
}

/** Starts `listen --port 0 --dir DIR ...args` and waits for its start-up line. */
export async function startListen(dir: string, args: string[] = [], env?: NodeJS.ProcessEnv, cwd?: string): Promise<Listening> {
  const run = startCli(['listen', '--port', '0', '--dir', dir, ...args], { env, cwd });
  const m = await run.waitFor(/listening on (http:\/\/\S+)/, 'stderr');
  const url = m[1];
  return { run, url, base: new URL(url).origin, dir };
}

export interface Reply {
  status: number;
  text: string;
  headers: Record<string, string | string[] | undefined>;
}

export async function send(
  url: string,
  body: string | Buffer = PAYLOAD,
  opts: { method?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const res = await request(url, {
    method: (opts.method ?? 'POST') as 'POST',
    headers: { 'content-type': 'application/json', ...opts.headers },
    body: opts.method === 'GET' || opts.method === 'HEAD' ? undefined : body,
  });
  return { status: res.statusCode, text: await res.body.text(), headers: res.headers };
}

export function readIndex(dir: string): IndexEntry[] {
  const file = path.join(dir, 'index.ndjson');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as IndexEntry);
}

/** Payload files: every name that is not the index or a dot-file. */
export function payloadFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => !n.startsWith('.') && n !== 'index.ndjson')
    .sort();
}

export const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** A payload with its own event id (and a changed title), the same shape Coperniq sends. */
export function payloadWith(eventId: number | string, title = `Home ${eventId}`): Buffer {
  const v = JSON.parse(PAYLOAD.toString('utf8')) as { event: { eventId: number | string }; record: { title: string } };
  v.event.eventId = eventId;
  v.record.title = title;
  return Buffer.from(JSON.stringify(v, null, 2));
}
