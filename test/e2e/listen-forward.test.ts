import http from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { startReceiver, tempDir } from '../helpers/cli.js';
import { PAYLOAD, payloadFiles, readIndex, send, startListen, type Listening } from '../helpers/listen.js';

let cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function listening(args: string[]): Promise<Listening> {
  const t = await tempDir('listen-fwd-');
  const l = await startListen(path.join(t.dir, 'captures'), args);
  cleanups.push(t.cleanup, () => l.run.stop());
  return l;
}

async function receiver(handler?: Parameters<typeof startReceiver>[0]) {
  const r = await startReceiver(handler);
  cleanups.push(r.close);
  return r;
}

function rawPost(url: string, body: Buffer, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('listen --forward-to', () => {
  it('forwards the raw bytes and headers (minus hop-by-hop), answers with the target status, records it', async () => {
    const target = await receiver((_req, res) => {
      res.writeHead(201, { 'content-type': 'text/plain' });
      res.end('made');
    });
    const l = await listening(['--forward-to', `${target.url}/in?key=fwdsecret`]);
    expect(l.run.stderr()).toContain(`forwarding each delivery to ${target.url}/in?key=***`);
    const gz = gzipSync(PAYLOAD);
    // node:http, because undici will not send a Connection header that names another header.
    const r = await rawPost(`${l.base}/from/coperniq?x=1`, gz, {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
      authorization: 'Bearer abc',
      'x-custom': 'yes',
      connection: 'close, x-drop',
      'x-drop': 'hop',
      expect: '100-continue',
    });
    expect(r.status).toBe(201);
    expect(r.text).toBe('made');
    const [got] = target.received;
    expect(got.method).toBe('POST');
    expect(got.url).toBe('/in?key=fwdsecret');
    expect(got.body.equals(gz)).toBe(true);
    expect(got.headers).toMatchObject({ 'content-encoding': 'gzip', authorization: 'Bearer abc', 'x-custom': 'yes', 'content-type': 'application/json' });
    expect(got.headers['x-drop']).toBeUndefined();
    expect(got.headers.expect).toBeUndefined();
    const [e] = readIndex(l.dir);
    expect(e.status).toBe(201);
    expect(e.forward).toMatchObject({ url: `${target.url}/in?key=***`, status: 201 });
    expect(e.forward?.ms).toBeGreaterThanOrEqual(0);
    expect(e.forward?.bodyStart).toBeUndefined();
    expect(e.headers.authorization).toBe('***');
    await l.run.waitFor(/#1 PROJECT_MOVEMENT .*-> forward 201 \d+ms/, 'stderr');
    expect(l.run.stderr()).not.toContain('fwdsecret');
  });

  it('passes a failing target status on, with the start of its body in the index and the line', async () => {
    const target = await receiver((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'db down', detail: 'x'.repeat(500) }));
    });
    const l = await listening(['--forward-to', target.url]);
    const r = await send(l.url);
    expect(r.status).toBe(500);
    expect(JSON.parse(r.text)).toMatchObject({ error: 'db down' });
    const [e] = readIndex(l.dir);
    expect(e.status).toBe(500);
    expect(e.forward?.status).toBe(500);
    expect(e.forward?.bodyStart).toMatch(/^\{"error":"db down"/);
    expect(e.forward?.bodyStart?.length).toBeLessThanOrEqual(200);
    // Stored anyway: the capture never depends on the target.
    expect(payloadFiles(l.dir)).toHaveLength(1);
    // Shown as the target wrote it, not escaped twice (issue 9), on a line of its own below the delivery.
    await l.run.waitFor(/#1 .*-> forward 500 \d+ms.*\n +forward answered: \{"error":"db down"/, 'stderr');
    expect(l.run.stderr()).not.toContain('\\"error');
  });

  it('answers 502 when the target is down, and still stores the delivery', async () => {
    const gone = await startReceiver();
    await gone.close();
    const l = await listening(['--forward-to', `${gone.url}/hook`]);
    const r = await send(l.url);
    expect(r.status).toBe(502);
    const [e] = readIndex(l.dir);
    expect(e).toMatchObject({ status: 502, forward: { status: null, error: 'connection refused (is it running?)' } });
    expect(payloadFiles(l.dir)).toHaveLength(1);
    await l.run.waitFor(/#1 .*-> forward failed \(connection refused \(is it running\?\)\)/, 'stderr');
  });

  it('answers 504 when the target does not answer within --timeout', async () => {
    const target = await receiver(() => undefined);
    const l = await listening(['--forward-to', target.url, '--timeout', '700']);
    const t0 = performance.now();
    const r = await send(l.url);
    const took = performance.now() - t0;
    expect(r.status).toBe(504);
    // It waited the whole --timeout before giving up.
    expect(took).toBeGreaterThanOrEqual(700);
    const [e] = readIndex(l.dir);
    expect(e).toMatchObject({ status: 504, forward: { status: null, error: 'timed out after 700 ms' } });
    expect(payloadFiles(l.dir)).toHaveLength(1);
  });
});
