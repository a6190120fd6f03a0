/**
 * Issue 8 §4: a target that answers and then streams forever, or trickles its body, must not
 * hold `listen --forward-to` or a `replay` attempt past --timeout, nor fill memory; the real
 * status is what gets reported.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, startCli, startReceiver, tempDir } from '../helpers/cli.js';
import { PAYLOAD, readIndex, send, startListen } from '../helpers/listen.js';
import { writePayload } from '../helpers/replayFixtures.js';
import { CAN_SEE_SOCKET_QUEUES, peerHasRead } from '../helpers/socketRead.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/**
 * A target that answers `status` at once and then writes `chunk` every `everyMs` until the
 * client goes away; `closed` resolves when it has.
 */
async function streamingTarget(status: number, chunk: Buffer, everyMs: number) {
  let onClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => (onClosed = resolve));
  let written = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(status, { 'content-type': 'text/plain' });
      const timer = setInterval(() => {
        if (res.write(chunk)) written += chunk.length;
      }, everyMs);
      res.on('close', () => {
        clearInterval(timer);
        onClosed();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve))));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, closed, written: () => written };
}

async function listening(args: string[]) {
  const t = await tempDir('bounds-');
  cleanups.push(t.cleanup);
  const l = await startListen(path.join(t.dir, 'captures'), args);
  cleanups.push(() => l.run.stop());
  return l;
}

describe('listen --forward-to: the target answers, then never finishes its body', () => {
  it('a body streamed forever: the sender gets the real status and the start of the body; the rest is let go', async () => {
    const target = await streamingTarget(200, Buffer.alloc(16 * 1024, 'x'), 1);
    const l = await listening(['--forward-to', target.url, '--timeout', '20000']);
    const r = await send(l.url);
    expect(r.status).toBe(200);
    expect(r.text.length).toBeGreaterThan(0);
    expect(r.text.length).toBeLessThanOrEqual(64 * 1024);
    await target.closed;
    const [e] = readIndex(l.dir);
    expect(e).toMatchObject({ status: 200, forward: { status: 200 } });
    expect(e.forward?.error).toBeUndefined();
  });

  it('a body trickled a byte at a time: answered with the real status once --timeout is up', async () => {
    const target = await streamingTarget(503, Buffer.from('.'), 50);
    const l = await listening(['--forward-to', target.url, '--timeout', '1500']);
    const r = await send(l.url);
    expect(r.status).toBe(503);
    expect(r.text).toMatch(/^\.+$/);
    await target.closed;
    const [e] = readIndex(l.dir);
    expect(e).toMatchObject({ status: 503, forward: { status: 503 } });
    expect(e.forward?.bodyStart).toMatch(/^\.+$/);
    await l.run.waitFor(/#1 .*-> forward 503/, 'stderr');
  });
});

/** A target that answers nothing (`held`), or its status and the start of its body, and then holds the rest. */
async function holdingTarget(mode: 'held' | 'body-held') {
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  const rx = await startReceiver((_req, res) => {
    if (mode === 'held') return onReady();
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '64' });
    res.write('the first bytes', () => void peerHasRead(res.socket!.remotePort!).then(onReady));
  });
  cleanups.push(rx.close);
  return { url: rx.url, ready };
}

describe('listen --forward-to: Ctrl-C while a forward is in flight', () => {
  /** Ctrl-C once the target holds the forward; a --timeout far beyond the test's own, which the stop must not wait for. */
  async function stopWhileForwarding(mode: 'held' | 'body-held') {
    const target = await holdingTarget(mode);
    const l = await listening(['--forward-to', target.url, '--timeout', '600000']);
    const answer = send(l.url);
    await target.ready;
    const stopped = await l.run.stop('SIGINT');
    expect(stopped.code).toBe(0);
    return { stopped, answer: await answer, index: readIndex(l.dir) };
  }

  it.skipIf(!CAN_SEE_SOCKET_QUEUES)("the target's status came, its body is still arriving: stops at once, answering with that status and what came", async () => {
    const { stopped, answer, index } = await stopWhileForwarding('body-held');
    expect(answer).toMatchObject({ status: 200, text: 'the first bytes' });
    expect(index).toMatchObject([{ seq: 1, status: 200, forward: { status: 200 } }]);
    expect(stopped.stderr).toMatch(/stopped: 1 captured, 0 invalid, 0 duplicates, 0 rejected\n/);
  });

  it('the target has not answered: stops at once and answers 503, so the sender tries again; the delivery is stored', async () => {
    const { stopped, answer, index } = await stopWhileForwarding('held');
    expect(answer.status).toBe(503);
    expect(index).toMatchObject([{ seq: 1, status: 503, forward: { status: null, error: 'listen stopped before the target answered' } }]);
    expect(stopped.stderr).toMatch(/#1 .*-> forward failed \(listen stopped before the target answered\)/);
    expect(stopped.stderr).toMatch(/stopped: 1 captured, .*1 forward failed/);
  });
});

describe('replay: --timeout bounds the whole attempt', () => {
  it('a receiver that sends its status and then trickles the body is cut off and reported as a timeout with that status', async () => {
    const target = await streamingTarget(200, Buffer.from('.'), 50);
    const t = await tempDir('bounds-replay-');
    cleanups.push(t.cleanup);
    const file = path.join(t.dir, 'p.json');
    writeFileSync(file, PAYLOAD);
    const r = await runCli(['replay', file, '--to', target.url, '--timeout', '500', '--retries', '0', '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { deliveries: { ok: boolean; status: number; error: string; attempts: number }[] };
    expect(report.deliveries[0]).toMatchObject({ ok: false, status: 200, attempts: 1, error: "timed out after 500 ms (the answer's body did not finish)" });
    await target.closed;
  });
});

interface ReplayJson {
  summary: { sent: number; succeeded: number; failed: number; interrupted: boolean };
  deliveries: { ok: boolean; status: number | null; attempts: number; error?: string }[];
}

/** a.json is answered whole; b.json gets its 200 and headers, then its body is held (or cut, with `cut`). */
async function heldSecondAnswer(opts: { cut?: boolean } = {}) {
  const t = await tempDir('bounds-held-');
  cleanups.push(t.cleanup);
  writePayload(t.dir, 'a.json', 1, '2025-01-21T06:00:01.000Z');
  writePayload(t.dir, 'b.json', 2, '2025-01-21T06:00:02.000Z');
  let onSeen: () => void = () => {};
  const headersSeen = new Promise<void>((resolve) => (onSeen = resolve));
  const rx = await startReceiver((req, res) => {
    if (JSON.parse(req.body.toString('utf8')).event.eventId === 1) return void res.end('ok');
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '64' });
    res.write('the first bytes of 64', () => {
      if (opts.cut) res.socket!.destroy();
      else void peerHasRead(res.socket!.remotePort!).then(onSeen);
    });
  });
  cleanups.push(rx.close);
  return { dir: t.dir, rx, headersSeen };
}

describe('replay: an answer whose body did not finish is not a success', () => {
  it.skipIf(!CAN_SEE_SOCKET_QUEUES)("Ctrl-C while a 200's body is arriving: that delivery is reported interrupted, not OK; the report is printed and the exit code is 130", async () => {
    const { dir, rx, headersSeen } = await heldSecondAnswer();
    const run = startCli(['replay', dir, '--to', rx.url, '--concurrency', '1', '--format', 'json']);
    cleanups.push(async () => void (await run.stop('SIGKILL')));
    // replay has read the 200 and its headers; the body is still to come.
    await headersSeen;
    run.child.kill('SIGINT');
    const r = await run.exited;
    expect(r.code).toBe(130);
    const report = JSON.parse(r.stdout) as ReplayJson;
    expect(report.deliveries.map((d) => [d.ok, d.status, d.error])).toEqual([
      [true, 200, undefined],
      [false, 200, "interrupted (the answer's body did not finish)"],
    ]);
    expect(report.summary).toMatchObject({ sent: 2, succeeded: 1, failed: 1, interrupted: true });
    expect(r.stderr).toMatch(/interrupted: 2 of 2 deliveries sent/);
  });

  it('a 200 whose connection is lost mid-body: FAIL with that status, retried as a network failure', async () => {
    const { dir, rx } = await heldSecondAnswer({ cut: true });
    const r = await runCli(['replay', dir, '--to', rx.url, '--concurrency', '1', '--retries', '1', '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as ReplayJson;
    expect(report.deliveries.map((d) => [d.ok, d.status, d.attempts, d.error])).toEqual([
      [true, 200, 1, undefined],
      [false, 200, 2, 'connection closed before the answer was complete'],
    ]);
    expect(rx.received).toHaveLength(3);
  });
});
