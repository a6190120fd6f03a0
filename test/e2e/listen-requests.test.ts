/**
 * Requests that Node would handle quietly on its own (issue 8 §5): no Host header, more than
 * 1,000 headers, oversized headers; and what GET / tells a caller without the token (issue 9).
 */
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { PAYLOAD, payloadFiles, readIndex, send, startListen, type Listening } from '../helpers/listen.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function listening(args: string[] = []): Promise<Listening> {
  const t = await tempDir('listen-requests-');
  cleanups.push(t.cleanup);
  const l = await startListen(path.join(t.dir, 'captures'), args);
  cleanups.push(() => l.run.stop());
  return l;
}

/** Sends raw bytes and resolves with everything the server wrote before closing. */
function raw(base: string, text: string | Buffer): Promise<string> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(text));
    let got = '';
    socket.setEncoding('utf8').on('data', (d: string) => (got += d));
    socket.on('close', () => resolve(got));
    socket.on('error', reject);
  });
}

const post = (headerLines: string, body: Buffer = PAYLOAD) =>
  Buffer.concat([Buffer.from(`POST / HTTP/1.1\r\n${headerLines}Content-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`), body]);

describe('listen: requests Node would answer quietly', () => {
  it('a request without Host gets 400 with a warning line and a count; nothing stored', async () => {
    const l = await listening();
    const answer = await raw(l.base, post(''));
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    await l.run.waitFor(/warning: 400 POST \/ from 127\.0\.0\.1 rejected, nothing stored: no Host header \(HTTP\/1\.1 requires one\)/, 'stderr');
    const stopped = await l.run.stop();
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toMatch(/stopped: 0 captured, .*1 rejected/);
    expect(payloadFiles(l.dir)).toEqual([]);
  });

  it('an HTTP/1.0 request without Host is still captured (HTTP/1.0 has no Host requirement)', async () => {
    const l = await listening();
    const answer = await raw(l.base, Buffer.concat([Buffer.from(`POST / HTTP/1.0\r\nContent-Length: ${PAYLOAD.length}\r\n\r\n`), PAYLOAD]));
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(readIndex(l.dir)).toHaveLength(1);
  });

  it('keeps every header past the first 1,000 that Node would drop silently', async () => {
    const l = await listening();
    const many = Array.from({ length: 1500 }, (_, i) => `X-H${i}: ${i}\r\n`).join('');
    const answer = await raw(l.base, post(`Host: here\r\n${many}`));
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    const [e] = readIndex(l.dir);
    expect(Object.keys(e.headers).filter((k) => k.startsWith('x-h'))).toHaveLength(1500);
    expect(e.headers['x-h1499']).toBe('1499');
  });

  it('headers over the 16 KiB limit get 431 with a warning line, and nothing stored', async () => {
    const l = await listening();
    const answer = await raw(l.base, post(`Host: here\r\nX-Big: ${'a'.repeat(20_000)}\r\n`));
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    await l.run.waitFor(/warning: 431 connection from 127\.0\.0\.1 rejected, nothing stored: headers over the 16384-byte limit/, 'stderr');
    expect(payloadFiles(l.dir)).toEqual([]);
  });
});

describe('listen: GET / and the token', () => {
  it('without the token answers only that it is listening: no counts, no version', async () => {
    const l = await listening(['--token', 'tok3n']);
    expect((await send(l.url)).status).toBe(200);
    const anonymous = await send(`${l.base}/`, '', { method: 'GET' });
    expect(anonymous.status).toBe(200);
    expect(JSON.parse(anonymous.text)).toEqual({ ok: true, listening: true, tool: 'coperniq-hooks' });
    const known = JSON.parse((await send(`${l.base}/?token=tok3n`, '', { method: 'GET' })).text) as Record<string, unknown>;
    expect(known).toMatchObject({ ok: true, listening: true, captured: 1, tool: 'coperniq-hooks' });
    expect(known.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});
