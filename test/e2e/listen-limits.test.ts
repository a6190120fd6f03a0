import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { PAYLOAD, payloadFiles, readIndex, send, sha256, startListen, type Listening } from '../helpers/listen.js';

let cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function listening(args: string[] = [], env?: NodeJS.ProcessEnv): Promise<Listening> {
  const t = await tempDir('listen-limits-');
  const dir = path.join(t.dir, 'captures');
  const l = await startListen(dir, args, env);
  cleanups.push(t.cleanup, () => l.run.stop());
  return l;
}

/** A raw socket that sends `head` (and maybe part of a body) and then stalls. */
function stalledClient(port: number, text: string): Promise<{ socket: net.Socket; closed: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(text);
      let got = '';
      socket.setEncoding('utf8').on('data', (d: string) => (got += d));
      const closed = new Promise<string>((r) => socket.on('close', () => r(got)));
      socket.on('error', () => undefined);
      resolve({ socket, closed });
    });
    socket.once('error', reject);
    cleanups.push(() => void socket.destroy());
  });
}

/** How a client sees a connection closed while it is still sending (undici's codes included). */
const CUT_OFF = new Set(['EPIPE', 'ECONNRESET', 'UND_ERR_SOCKET']);

/**
 * POSTs a body that the listener must refuse for its size. The listener answers 413 and closes the
 * connection at once, often while the client is still writing the body, so the client sees either
 * the 413 or the cut connection (`write EPIPE`, a reset): both are the refusal. Resolves with the
 * status, or `cut off`; any other error fails the test.
 */
async function postRefused(url: string, body: Buffer | Readable): Promise<number | 'cut off'> {
  try {
    const res = await request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    await res.body.dump();
    return res.statusCode;
  } catch (err) {
    if (CUT_OFF.has((err as NodeJS.ErrnoException).code ?? '')) return 'cut off';
    throw err;
  }
}

describe('listen --token', () => {
  it('accepts the token as a query parameter or as the last path segment, and shows it only on start', async () => {
    const l = await listening(['--token', 's3cr3t-T0k']);
    expect(l.url).toMatch(/\?token=s3cr3t-T0k$/);
    expect((await send(l.url)).status).toBe(200);
    expect((await send(`${l.base}/hooks/coperniq/s3cr3t-T0k`)).status).toBe(200);
    expect((await send(`${l.base}/hooks/s%33cr3t-T0k`)).status).toBe(200);
    await l.run.waitFor(/#3 PROJECT_MOVEMENT/, 'stderr');
    expect(readIndex(l.dir).map((e) => e.path)).toEqual(['/?token=***', '/hooks/coperniq/***', '/hooks/***']);
    // Only the start-up message carries the token.
    expect(l.run.stderr().split('s3cr3t-T0k').length - 1).toBe(1);
    expect(readFileSync(path.join(l.dir, 'index.ndjson'), 'utf8')).not.toContain('s3cr3t-T0k');
  });

  it('answers 401 without storing anything when the token is missing or wrong', async () => {
    const l = await listening(['--token', 'right']);
    for (const url of [l.base, `${l.base}/?token=wrong`, `${l.base}/hooks/wrong`, `${l.base}/right/extra`, `${l.base}/?token=righ`]) {
      const r = await send(url);
      expect(r.status, url).toBe(401);
    }
    await l.run.waitFor(/(warning: 401 [^\n]*\n[^]*){5}/, 'stderr');
    expect(l.run.stderr()).toMatch(/warning: 401 POST \/\?token=\*\*\* from 127\.0\.0\.1 rejected, nothing stored: missing or wrong token/);
    expect(payloadFiles(l.dir)).toEqual([]);
    expect(readIndex(l.dir)).toEqual([]);
    expect((await send(`${l.base}/?token=right`)).status).toBe(200);
    expect(readIndex(l.dir)).toHaveLength(1);
  });

  it('takes the token from COPERNIQ_HOOKS_TOKEN', async () => {
    const l = await listening([], { COPERNIQ_HOOKS_TOKEN: 'fromenv' });
    expect(l.url).toMatch(/\?token=fromenv$/);
    expect((await send(l.base)).status).toBe(401);
    expect((await send(`${l.base}/fromenv`)).status).toBe(200);
    // Set but empty means no token, not a token that nothing can match.
    const open = await listening([], { COPERNIQ_HOOKS_TOKEN: '' });
    expect(open.url).toMatch(/\/$/);
    expect(open.run.stderr()).toContain('no --token set');
    expect((await send(open.base)).status).toBe(200);
  });
});

describe('listen limits', () => {
  it('answers 413 to a body over --max-body, declared or streamed, and stores nothing', async () => {
    const l = await listening(['--max-body', '1k']);
    expect([413, 'cut off']).toContain(await postRefused(l.url, Buffer.alloc(3000, 'a')));
    // No content-length: the limit is enforced while the body streams in.
    const streamed = Readable.from(
      (async function* () {
        for (let i = 0; i < 3; i++) yield Buffer.alloc(600, 'b');
      })(),
    );
    expect([413, 'cut off']).toContain(await postRefused(l.url, streamed));
    // Whatever the client saw, the listener says it answered 413 to both.
    await l.run.waitFor(/(warning: 413 [^\n]*\n[^]*){2}/, 'stderr');
    expect(l.run.stderr()).toMatch(/warning: 413 POST \/ from 127\.0\.0\.1 rejected, nothing stored: body of 3000 bytes is over the 1024-byte limit/);
    expect(l.run.stderr()).toMatch(/warning: 413 POST \/ from 127\.0\.0\.1 rejected, nothing stored: body over the 1024-byte limit/);
    expect(payloadFiles(l.dir)).toEqual([]);
    expect(readIndex(l.dir)).toEqual([]);
    // A body right at the limit is fine.
    expect((await send(l.url, Buffer.alloc(1024, 'c'))).status).toBe(200);
    expect(readIndex(l.dir).map((e) => e.bytes)).toEqual([1024]);
  });

  it('cuts off a client whose body stalls past --timeout without holding up the others', async () => {
    const l = await listening(['--timeout', '5000']);
    const port = Number(new URL(l.base).port);
    const stalled = await stalledClient(port, 'POST /slow HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"event":');
    let cutOff = false;
    const answer = stalled.closed.then((text) => ((cutOff = true), text));
    // Another delivery goes through while the stalled one still holds its connection.
    expect((await send(l.url)).status).toBe(200);
    expect(cutOff).toBe(false);
    expect(await answer).toMatch(/^HTTP\/1\.1 408/);
    await l.run.waitFor(/warning: 408 POST \/slow .*body not received within 5000 ms/, 'stderr');
    expect(readIndex(l.dir)).toHaveLength(1);
    expect(payloadFiles(l.dir)).toHaveLength(1);
  });

  it('stores gzip bodies as received and decodes them for display', async () => {
    const l = await listening();
    const gz = gzipSync(PAYLOAD);
    expect((await send(l.url, gz, { headers: { 'content-encoding': 'gzip' } })).status).toBe(200);
    expect((await send(l.url, Buffer.from('not gzip at all'), { headers: { 'content-encoding': 'gzip' } })).status).toBe(200);
    const files = payloadFiles(l.dir);
    expect(files).toEqual(['00000001-PROJECT_MOVEMENT-432563.json.gz', '00000002-RAW-no-event-id.body.gz']);
    expect(readFileSync(path.join(l.dir, files[0])).equals(gz)).toBe(true);
    const [a, b] = readIndex(l.dir);
    expect(a).toMatchObject({ encoding: 'gzip', bytes: gz.length, sha256: sha256(gz), trigger: 'PROJECT_MOVEMENT', eventId: 432563, verdict: { json: true } });
    expect(b).toMatchObject({ encoding: 'gzip', verdict: { json: false } });
    expect(b.verdict.first[0]).toMatch(/^Content-Encoding gzip, but bad gzip body: .*: stored, not decoded$/);
    await l.run.waitFor(/#1 PROJECT_MOVEMENT valid .*record 396776 "Elon Musk"/, 'stderr');
  });

  it('does not inflate a gzip body past the 64 MiB every command uses (a zip bomb is stored, not decoded), and validate agrees', async () => {
    const l = await listening(['--max-body', '1MiB']);
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024 + 1, ' '), { level: 9 });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect((await send(l.url, bomb, { headers: { 'content-encoding': 'gzip' } })).status).toBe(200);
    const [e] = readIndex(l.dir);
    expect(e).toMatchObject({ bytes: bomb.length, encoding: 'gzip', verdict: { json: false } });
    expect(e.verdict.first[0]).toBe('Content-Encoding gzip, but gzip body inflates past 67108864 bytes: stored, not decoded');
    expect(readFileSync(path.join(l.dir, e.file)).equals(bomb)).toBe(true);
    const v = await runCli(['validate', l.dir, '--format', 'json']);
    expect(v.stdout).toContain('gzip body inflates past 67108864 bytes');
  });
});
