/**
 * Live deliveries: `listen`'s own inspector hears of each delivery from listen itself; `inspect`
 * follows an index.ndjson that another process writes, tolerating a cut-off last line and starting
 * over when the file is truncated or replaced.
 */
import { appendFileSync, readFileSync, renameSync, symlinkSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { appendCapture, call, delivery, openEvents, startInspect, type EventStream, type Inspecting } from '../helpers/inspect.js';
import { readIndex, send, startListen, type Listening } from '../helpers/listen.js';

let cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function temp(): Promise<string> {
  const t = await tempDir('inspect-live-');
  cleanups.push(t.cleanup);
  return path.join(t.dir, 'captures');
}

async function listening(dir: string, args: string[]): Promise<Listening> {
  const l = await startListen(dir, args);
  cleanups.push(() => l.run.stop());
  return l;
}

async function inspecting(dir: string): Promise<Inspecting> {
  const ins = await startInspect(dir);
  cleanups.push(() => ins.run.stop());
  return ins;
}

async function events(origin: string, token: string, lastEventId?: string): Promise<EventStream> {
  const e = await openEvents(origin, token, lastEventId);
  cleanups.push(() => e.close());
  return e;
}

const seqsOf = async (origin: string, token: string, query = '') =>
  (await call(origin, `/api/deliveries?limit=500${query}`, { token })).json().deliveries.map((d: { seq: number }) => d.seq);

describe("listen's own inspector", () => {
  it('prints its URL and pushes each delivery to the page as soon as it is stored', async () => {
    const dir = await temp();
    const l = await listening(dir, ['--ui-port', '0', '--json']);
    const ready = JSON.parse((await l.run.waitFor(/^(\{"type":"ready".*)$/m, 'stdout'))[1]);
    const u = new URL(ready.inspectorUrl);
    expect(l.run.stderr()).toContain(`inspector on ${ready.inspectorUrl}\n  browse, compare and replay the deliveries there (from this machine only)\n`);
    const token = u.searchParams.get('token') as string;
    const ev = await events(u.origin, token);
    expect((await send(l.url, delivery('PROJECT_MOVEMENT', 77, { title: 'Live' }))).status).toBe(200);
    const e = await ev.waitFor((x) => x.event === 'delivery');
    const [entry] = readIndex(dir);
    expect(e.data).toEqual({ ...entry, verdictClass: 'valid', title: 'Live', moved: 'stage Site Survey -> Engineering' });
    expect(await seqsOf(u.origin, token)).toEqual([1]);
    const meta = (await call(u.origin, '/api/meta', { token })).json();
    expect(meta).toMatchObject({ source: 'listen', total: 1, rejected: 0 });
  });

  it('counts rejected requests (and says so live) without listing them', async () => {
    const dir = await temp();
    const l = await listening(dir, ['--ui-port', '0', '--token', 's3cret']);
    const m = await l.run.waitFor(/inspector on (http:\/\/\S+)/, 'stderr');
    const u = new URL(m[1]);
    const token = u.searchParams.get('token') as string;
    const ev = await events(u.origin, token);
    expect((await send(`${l.base}/`, delivery('PROJECT_MOVEMENT', 1))).status).toBe(401);
    const e = await ev.waitFor((x) => x.event === 'rejected');
    expect(e.data).toEqual({ rejected: 1, status: 401, reason: 'missing or wrong token' });
    expect((await call(u.origin, '/api/meta', { token })).json()).toMatchObject({ rejected: 1, total: 0 });
    expect(await seqsOf(u.origin, token)).toEqual([]);
  });

  it("offers listen's --forward-to as the replay target", async () => {
    const dir = await temp();
    const l = await listening(dir, ['--ui-port', '0', '--forward-to', 'http://127.0.0.1:9/hook?key=abc']);
    const u = new URL((await l.run.waitFor(/inspector on (http:\/\/\S+)/, 'stderr'))[1]);
    const meta = (await call(u.origin, '/api/meta', { token: u.searchParams.get('token') as string })).json();
    expect(meta.replayTarget).toEqual({ url: 'http://127.0.0.1:9/hook?key=***', source: 'forward-to', loopback: true });
  });

  it('--no-ui starts no inspector; a taken --ui-port (or the capture port) moves to the next free one', async () => {
    const off = await listening(await temp(), ['--no-ui', '--json']);
    const ready = JSON.parse((await off.run.waitFor(/^(\{"type":"ready".*)$/m, 'stdout'))[1]);
    expect(ready.inspectorUrl).toBeUndefined();
    expect(off.run.stderr()).not.toMatch(/inspector on/);
    const capturePort = Number(new URL(off.url).port);
    // The capture port of the listen above is taken on 127.0.0.1: asking for it moves on.
    const moved = await listening(await temp(), ['--ui-port', String(capturePort)]);
    const u = new URL((await moved.run.waitFor(/inspector on (http:\/\/\S+)/, 'stderr'))[1]);
    // Never either capture port (the next free one is usually capturePort + 1, but on a busy
    // machine any free port will do).
    expect(Number(u.port)).not.toBe(capturePort);
    expect(Number(u.port)).not.toBe(Number(new URL(moved.url).port));
    expect((await call(u.origin, '/api/meta', { token: u.searchParams.get('token') as string })).status).toBe(200);
  });
});

describe('inspect following a directory another process writes', () => {
  it('lists what another listen stores while it runs, and pushes each one live', async () => {
    const dir = await temp();
    const l = await listening(dir, ['--no-ui']);
    const ins = await inspecting(dir);
    const ev = await events(ins.origin, ins.token);
    const n = 20;
    await Promise.all(Array.from({ length: n }, (_, i) => send(l.url, delivery('TASK_CREATED', 100 + i))));
    for (let seq = 1; seq <= n; seq++) await ev.waitFor((x) => x.event === 'delivery' && x.data.seq === seq);
    expect(await seqsOf(ins.origin, ins.token)).toEqual(Array.from({ length: n }, (_, i) => n - i));
    const index = readIndex(dir);
    for (const e of ev.events.filter((x) => x.event === 'delivery')) expect(e.data).toMatchObject(index.find((x) => x.seq === e.data.seq)!);
  });

  it('waits on an empty directory until listen writes to it', async () => {
    const dir = await temp();
    const l = await listening(dir, ['--no-ui']);
    const ins = await inspecting(dir);
    expect(await seqsOf(ins.origin, ins.token)).toEqual([]);
    const ev = await events(ins.origin, ins.token);
    await send(l.url, delivery('PROJECT_MOVEMENT', 5));
    await ev.waitFor((x) => x.event === 'delivery' && x.data.seq === 1);
  });

  it('leaves a cut-off last line for later, and lists it once it is whole', async () => {
    const dir = await temp();
    appendCapture(dir, [{ body: delivery('PROJECT_MOVEMENT', 1) }, { body: delivery('PROJECT_MOVEMENT', 2) }]);
    const index = path.join(dir, 'index.ndjson');
    const text = readFileSync(index, 'utf8');
    const cut = text.indexOf('\n') + 1 + 40;
    truncateSync(index, cut);
    const ins = await inspecting(dir);
    expect(await seqsOf(ins.origin, ins.token)).toEqual([1]);
    const ev = await events(ins.origin, ins.token);
    appendFileSync(index, text.slice(cut));
    await ev.waitFor((x) => x.event === 'delivery' && x.data.seq === 2);
    expect(await seqsOf(ins.origin, ins.token)).toEqual([2, 1]);
    expect((await call(ins.origin, '/api/meta', { token: ins.token })).json().badIndexLines).toBe(0);
  });

  it('starts over when the index is truncated or replaced, and tells the page', async () => {
    const dir = await temp();
    const seen = new Map<string, number>();
    appendCapture(dir, [1, 2, 3].map((i) => ({ body: delivery('PROJECT_MOVEMENT', i) })), 1, seen);
    const index = path.join(dir, 'index.ndjson');
    const ins = await inspecting(dir);
    expect(await seqsOf(ins.origin, ins.token)).toEqual([3, 2, 1]);
    const ev = await events(ins.origin, ins.token);

    truncateSync(index, 0);
    const reset = await ev.waitFor((x) => x.event === 'reset');
    expect(reset.data.why).toMatch(/index\.ndjson was (truncated|rewritten)/);
    appendCapture(dir, [{ body: delivery('PROJECT_MOVEMENT', 40) }], 40, seen);
    await ev.waitFor((x) => x.event === 'delivery' && x.data.seq === 40);
    expect(await seqsOf(ins.origin, ins.token)).toEqual([40]);

    // Rotated: the old file moved away, a new one in its place.
    renameSync(index, path.join(dir, '.index.old'));
    writeFileSync(index, '');
    appendCapture(dir, [{ body: delivery('PROJECT_MOVEMENT', 50) }, { body: delivery('PROJECT_MOVEMENT', 51) }], 50, seen);
    // Seen in between, the index is gone ("removed"); seen after, it is another file ("replaced").
    await ev.waitFor((x) => x.event === 'reset' && /replaced|removed/.test(x.data.why));
    await ev.waitFor((x) => x.event === 'delivery' && x.data.seq === 51);
    expect(await seqsOf(ins.origin, ins.token)).toEqual([51, 50]);
  });

  it('resumes the event stream after a reconnect with Last-Event-ID', async () => {
    const dir = await temp();
    const l = await listening(dir, ['--no-ui']);
    const ins = await inspecting(dir);
    const watcher = await events(ins.origin, ins.token);
    const first = await events(ins.origin, ins.token);
    await send(l.url, delivery('PROJECT_MOVEMENT', 1));
    const one = await first.waitFor((x) => x.event === 'delivery');
    first.close();
    await send(l.url, delivery('PROJECT_MOVEMENT', 2));
    await send(l.url, delivery('PROJECT_MOVEMENT', 3));
    await watcher.waitFor((x) => x.event === 'delivery' && x.data.seq === 3);
    const again = await events(ins.origin, ins.token, one.id as string);
    await again.waitFor((x) => x.event === 'delivery' && x.data.seq === 3);
    expect(again.events.filter((x) => x.event === 'delivery').map((x) => x.data.seq)).toEqual([2, 3]);
  });

  it('does not read an index.ndjson that is a symbolic link, and says why', async () => {
    const dir = await temp();
    const elsewhere = path.join(path.dirname(dir), 'elsewhere');
    appendCapture(elsewhere, [{ body: delivery('PROJECT_MOVEMENT', 1) }]);
    appendCapture(dir, [{ body: delivery('PROJECT_MOVEMENT', 1) }]);
    unlinkSync(path.join(dir, 'index.ndjson'));
    symlinkSync(path.join(elsewhere, 'index.ndjson'), path.join(dir, 'index.ndjson'));
    const ins = await inspecting(dir);
    const meta = (await call(ins.origin, '/api/meta', { token: ins.token })).json();
    expect(meta).toMatchObject({ total: 0, indexProblem: 'index.ndjson is a symbolic link: not read' });
  });
});
