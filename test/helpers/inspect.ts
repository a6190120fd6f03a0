/**
 * Helpers for the inspector's tests: capture directories in the store's own format (built with the
 * same functions `listen` uses), the built bin's `inspect` started on port 0, and plain node:http
 * calls, which (unlike fetch) may send any Host, Origin or Cookie header.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { captureFileName, type IndexEntry } from '../../src/core/capture/captureFormat.js';
import { inspectBody } from '../../src/core/capture/inspectBody.js';
import { payloadFacts } from '../../src/core/payload/payloadFacts.js';
import { SAMPLES, startCli, type Running } from './cli.js';

export const sample = (trigger: string): Buffer => readFileSync(path.join(SAMPLES, `${trigger}.json`));

/** A sample with its own event id, record and title (and optionally a stage), pretty-printed. */
export function delivery(trigger: string, eventId: number, change: { recordId?: number; title?: string; stage?: string } = {}): Buffer {
  const v = JSON.parse(sample(trigger).toString('utf8')) as { event: Record<string, unknown>; record: Record<string, unknown>; workOrder?: Record<string, unknown> };
  v.event.eventId = eventId;
  if (change.recordId !== undefined) {
    v.event.recordId = change.recordId;
    v.record.id = change.recordId;
    if (v.workOrder) v.workOrder.recordId = change.recordId;
  }
  if (change.title !== undefined) v.record.title = change.title;
  if (change.stage !== undefined) v.event.currentStage = { id: 1, name: change.stage };
  return Buffer.from(JSON.stringify(v, null, 2));
}

export interface Stored {
  body: Buffer;
  gzip?: boolean;
  headers?: Record<string, string>;
}

/** Appends deliveries to a capture directory as `listen` would (file first, then its index line). */
export function appendCapture(dir: string, items: Stored[], firstSeq = 1, seen = new Map<string, number>()): IndexEntry[] {
  mkdirSync(dir, { recursive: true });
  const entries: IndexEntry[] = [];
  let lines = '';
  items.forEach((item, i) => {
    const seq = firstSeq + i;
    const stored = item.gzip ? gzipSync(item.body) : item.body;
    const { value, verdict } = inspectBody(item.body, { validate: true });
    const facts = payloadFacts(value);
    const file = captureFileName(seq, facts.trigger, facts.eventId, verdict.json, { gzip: item.gzip });
    const key = facts.eventId === null ? null : String(facts.eventId);
    const duplicateOf = key !== null && seen.has(key) ? (seen.get(key) as number) : null;
    if (key !== null && !seen.has(key)) seen.set(key, seq);
    writeFileSync(path.join(dir, file), stored);
    const entry: IndexEntry = {
      seq, file, receivedAt: new Date(Date.UTC(2025, 0, 21, 6, 0, 0) + seq * 1000).toISOString(), method: 'POST', path: '/?token=***',
      headers: { host: '127.0.0.1:4400', 'content-type': 'application/json', authorization: '***', ...(item.gzip ? { 'content-encoding': 'gzip' } : {}), ...item.headers },
      remote: '127.0.0.1', bytes: stored.length, sha256: createHash('sha256').update(stored).digest('hex'),
      trigger: facts.trigger, eventId: facts.eventId, recordId: facts.recordId, duplicateOf, verdict, status: 200,
      ...(item.gzip ? { encoding: 'gzip' } : {}),
    };
    entries.push(entry);
    lines += `${JSON.stringify(entry)}\n`;
  });
  appendFileSync(path.join(dir, 'index.ndjson'), lines);
  return entries;
}

export interface Inspecting {
  run: Running;
  /** The printed URL, with the token. */
  url: string;
  /** `http://127.0.0.1:PORT` */
  origin: string;
  port: number;
  token: string;
}

export async function startInspect(dir: string, args: string[] = [], env?: NodeJS.ProcessEnv): Promise<Inspecting> {
  const run = startCli(['inspect', dir, '--port', '0', '--json', ...args], { env });
  const m = await run.waitFor(/^(\{"type":"ready".*)\n/m, 'stdout');
  const url = (JSON.parse(m[1]) as { inspectorUrl: string }).inspectorUrl;
  const u = new URL(url);
  return { run, url, origin: u.origin, port: Number(u.port), token: u.searchParams.get('token') as string };
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
  json: <T = any>() => T;
}

export interface CallOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Bearer token to send; null sends none. */
  token?: string | null;
}

/** One request to the inspector; Host defaults to the loopback address it listens on. */
export function call(origin: string, target: string, opts: CallOptions = {}): Promise<Answer> {
  const u = new URL(origin);
  const headers: Record<string, string> = { host: u.host, ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname.replace(/^\[|\]$/g, ''), port: u.port, path: target, method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'), headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        const text = body.toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text, json: () => JSON.parse(text) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

export interface SseEvent {
  id: string | null;
  event: string;
  data: any;
}

export interface EventStream {
  events: SseEvent[];
  /** Resolves with the first event (seen so far or later) that matches. */
  waitFor: (match: (e: SseEvent) => boolean) => Promise<SseEvent>;
  close: () => void;
}

/** Opens `GET /api/events` and parses the stream as a browser's EventSource would. */
export function openEvents(origin: string, token: string, lastEventId?: string): Promise<EventStream> {
  const u = new URL(origin);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host: u.host, authorization: `Bearer ${token}`, accept: 'text/event-stream' };
    if (lastEventId) headers['last-event-id'] = lastEventId;
    const req = http.get({ host: u.hostname, port: u.port, path: '/api/events', headers, agent: false }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`events answered ${res.statusCode}`));
      const events: SseEvent[] = [];
      const waiters = new Set<() => void>();
      let buf = '';
      res.setEncoding('utf8').on('data', (chunk: string) => {
        buf += chunk;
        let end;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, end);
          buf = buf.slice(end + 2);
          const e: SseEvent = { id: null, event: 'message', data: null };
          let data: string | null = null;
          for (const line of block.split('\n')) {
            if (line.startsWith('id: ')) e.id = line.slice(4);
            else if (line.startsWith('event: ')) e.event = line.slice(7);
            else if (line.startsWith('data: ')) data = line.slice(6);
          }
          if (data === null) continue;
          e.data = JSON.parse(data);
          events.push(e);
        }
        waiters.forEach((w) => w());
      });
      resolve({
        events,
        waitFor: (match) =>
          new Promise((ok) => {
            const check = () => {
              const found = events.find(match);
              if (found) {
                waiters.delete(check);
                ok(found);
              }
            };
            waiters.add(check);
            check();
          }),
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
  });
}
