import { spawn } from 'node:child_process';
import net from 'node:net';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startReceiver } from '../helpers/cli.js';
import { PAYLOAD, payloadFiles, payloadWith, readIndex, send, sha256 } from '../helpers/listen.js';
import { listenKit } from '../helpers/listenKit.js';
import { CAN_SEE_SOCKET_QUEUES, peerHasRead } from '../helpers/socketRead.js';

const { captureDir, listen, onCleanup } = listenKit('listen-life-');

const fileHashes = (dir: string) => Object.fromEntries(payloadFiles(dir).map((f) => [f, sha256(readFileSync(path.join(dir, f)))]));

describe('listen: restarts, locks, ports', () => {
  it('continues an existing directory: numbering goes on, duplicates are found across runs, nothing is overwritten', async () => {
    const dir = await captureDir();
    const first = await listen(dir);
    await send(first.url, payloadWith(1));
    await send(first.url, payloadWith(2));
    const stopped = await first.run.stop('SIGTERM');
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toMatch(/stopped: 2 captured, 0 invalid, 0 duplicates, 0 rejected/);
    expect(existsSync(path.join(dir, '.lock'))).toBe(false);
    const before = fileHashes(dir);

    const second = await listen(dir);
    expect(second.run.stderr()).toMatch(/2 earlier deliveries, continuing at #3/);
    expect(JSON.parse((await send(second.url, payloadWith(2, 'again'))).text)).toMatchObject({ seq: 3 });
    expect(JSON.parse((await send(second.url, payloadWith(3))).text)).toMatchObject({ seq: 4 });
    await second.run.waitFor(/#3 .*DUPLICATE of #2 .*event 2/, 'stderr');
    for (const [f, h] of Object.entries(before)) expect(fileHashes(dir)[f]).toBe(h);
    expect(readIndex(dir).map((e) => [e.seq, e.eventId, e.duplicateOf])).toEqual([
      [1, 1, null],
      [2, 2, null],
      [3, 2, 2],
      [4, 3, null],
    ]);
  });

  it('picks up after a crash: unindexed payloads count, a cut-off index line and temp files are cleared', async () => {
    const dir = await captureDir();
    const first = await listen(dir);
    await send(first.url, payloadWith(1));
    await send(first.url, payloadWith(2));
    await first.run.stop();
    // What a kill -9 can leave: a payload renamed but not indexed, half an index line, a temp file.
    const orphan = payloadWith(77);
    writeFileSync(path.join(dir, '00000005-PROJECT_MOVEMENT-77.json'), orphan);
    appendFileSync(path.join(dir, 'index.ndjson'), '{"seq":3,"file":"00000003-PROJ');
    writeFileSync(path.join(dir, '.tmp-00000006-PROJECT_MOVEMENT-78.json'), '{"eve');

    const again = await listen(dir);
    expect(again.run.stderr()).toMatch(/3 earlier deliveries, continuing at #6/);
    expect(existsSync(path.join(dir, '.tmp-00000006-PROJECT_MOVEMENT-78.json'))).toBe(false);
    expect(JSON.parse((await send(again.url, payloadWith(77, 'retry'))).text)).toMatchObject({ seq: 6 });
    await again.run.waitFor(/#6 .*DUPLICATE of #5/, 'stderr');
    const text = readFileSync(path.join(dir, 'index.ndjson'), 'utf8');
    expect(text).not.toContain('00000003-PROJ');
    expect(readIndex(dir).map((e) => e.seq)).toEqual([1, 2, 6]);
    expect(readFileSync(path.join(dir, '00000005-PROJECT_MOVEMENT-77.json')).equals(orphan)).toBe(true);
  });

  it('after a crash, reads the event id of an unindexed payload whole from its name, "-" included', async () => {
    const dir = await captureDir();
    const first = await listen(dir);
    await send(first.url, payloadWith('ev-2024-a'));
    await first.run.stop();
    // A kill -9 between the rename and the index line leaves this behind.
    writeFileSync(path.join(dir, '00000002-PROJECT_MOVEMENT-b-7-x.json'), payloadWith('b-7-x'));

    const again = await listen(dir);
    expect(again.run.stderr()).toMatch(/2 earlier deliveries, continuing at #3/);
    await send(again.url, payloadWith('b-7-x', 'retry'));
    await send(again.url, payloadWith('7-x'));
    await send(again.url, payloadWith('ev-2024-a', 'retry'));
    await again.run.waitFor(/#5 /, 'stderr');
    expect(readIndex(dir).map((e) => [e.seq, e.eventId, e.duplicateOf])).toEqual([
      [1, 'ev-2024-a', null],
      [3, 'b-7-x', 2],
      [4, '7-x', null],
      [5, 'ev-2024-a', 1],
    ]);
  });

  it('refuses a second listen on the same directory while the first runs', async () => {
    const dir = await captureDir();
    const first = await listen(dir);
    const lock = readFileSync(path.join(dir, '.lock'), 'utf8').trim();
    expect(Number(lock)).toBe(first.run.child.pid);
    const r = await runCli(['listen', '--port', '0', '--dir', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(new RegExp(`another listen \\(pid ${lock}\\) is already capturing into ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect((await send(first.url)).status).toBe(200);
    expect(readFileSync(path.join(dir, '.lock'), 'utf8').trim()).toBe(lock);
  });

  it('takes over a lock left by a process that is gone', async () => {
    const dir = await captureDir();
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((r) => dead.on('close', r));
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, '.lock'), `${dead.pid}\n`);
    const l = await listen(dir);
    expect(readFileSync(path.join(dir, '.lock'), 'utf8').trim()).toBe(String(l.run.child.pid));
    expect((await send(l.url)).status).toBe(200);
  });

  it('exits 3 with a clear message when the directory is a file', async () => {
    const dir = await captureDir();
    writeFileSync(dir, 'not a directory');
    const r = await runCli(['listen', '--port', '0', '--dir', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`cannot use ${dir} as the capture directory: it is a file, not a directory`);
    expect(readFileSync(dir, 'utf8')).toBe('not a directory');
  });

  it('exits 3 with a clear message when the port is taken', async () => {
    const busy = await startReceiver();
    onCleanup(busy.close);
    const port = new URL(busy.url).port;
    const dir = await captureDir();
    const r = await runCli(['listen', '--port', port, '--dir', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`));
    expect(existsSync(path.join(dir, '.lock'))).toBe(false);
    // It created the directory for nothing: it removes it again (and the parents it made).
    expect(existsSync(dir)).toBe(false);
    const nested = path.join(path.dirname(dir), 'a', 'b');
    expect((await runCli(['listen', '--port', port, '--dir', nested])).code).toBe(3);
    expect(existsSync(path.join(path.dirname(dir), 'a'))).toBe(false);
    // A directory that was there before is left alone.
    mkdirSync(dir);
    expect((await runCli(['listen', '--port', port, '--dir', dir])).code).toBe(3);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('exits 3 at once when the directory cannot be created (Node\'s recursive mkdir would spin under /proc)', async () => {
    const r = await runCli(['listen', '--port', '0', '--dir', '/proc/coperniq-hooks-test/captures']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/cannot use \/proc\/coperniq-hooks-test\/captures as the capture directory/);
  });
});

describe('listen: stopping and failing', () => {
  it('on SIGINT stops accepting, finishes deliveries in flight, prints a summary and exits 0', async () => {
    const dir = await captureDir();
    const l = await listen(dir, ['--delay', '20000', '--token', 'tk']);
    const inflight = [1, 2, 3].map((i) => send(l.url, payloadWith(i)));
    await send(l.base); // rejected: no token
    await l.run.waitFor(/#1 [^]*#2 [^]*#3 /, 'stderr');
    l.run.child.kill('SIGINT');
    const answers = await Promise.all(inflight);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const r = await l.run.exited;
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/stopped: 3 captured, 0 invalid, 0 duplicates, 1 rejected/);
    await expect(send(l.url)).rejects.toThrow();
    expect(readIndex(dir)).toHaveLength(3);
    expect(payloadFiles(dir)).toHaveLength(3);
  });

  it.runIf(CAN_SEE_SOCKET_QUEUES)('on SIGINT answers a body still uploading 503 at once instead of waiting out --timeout, and stores nothing of it', async () => {
    const dir = await captureDir();
    // Two minutes for a body: a stop that waited for it would outlast the test's time limit.
    const l = await listen(dir, ['--timeout', '120000', '--token', 'tk']);
    const port = Number(new URL(l.base).port);
    const client = net.connect(port, '127.0.0.1');
    onCleanup(() => client.destroy());
    let answer = '';
    client.on('data', (d) => (answer += d));
    const closed = new Promise<void>((resolve) => client.on('close', () => resolve()));
    await new Promise<void>((resolve) => client.once('connect', resolve));
    const head = `POST /?token=tk HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${PAYLOAD.length}\r\n\r\n`;
    await new Promise<void>((resolve) => client.write(head + PAYLOAD.subarray(0, 100).toString('latin1'), 'latin1', () => resolve()));
    // listen has read the head and the first bytes: the request is in, its body still coming.
    await peerHasRead(port);
    l.run.child.kill('SIGINT');
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 503 [^]*connection: close[^]*shutting down; retry later \(100 bytes of the body had come\)/i);
    const r = await l.run.exited;
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/stopped: 0 captured, 0 invalid, 0 duplicates, 1 rejected/);
    expect(readIndex(dir)).toHaveLength(0);
    expect(payloadFiles(dir)).toHaveLength(0);
  });

  it('answers 500 and prints an error when the delivery cannot be stored, so the sender retries', async () => {
    const dir = await captureDir();
    const l = await listen(dir, ['--json']);
    rmSync(dir, { recursive: true, force: true });
    const r = await send(l.url);
    expect(r.status).toBe(500);
    await l.run.waitFor(/error: delivery #1 \(\d+ bytes\) NOT stored, answered 500 so the sender retries: the capture directory .* was removed or replaced while listening/, 'stderr');
    expect(l.run.stdout()).not.toMatch(/"type":"delivery"/);
    expect((await send(l.base, '', { method: 'GET' })).status).toBe(200);
    const stopped = await l.run.stop('SIGTERM');
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toMatch(/stopped: 0 captured, .*1 not stored \(answered 500\)/);
  });
});
