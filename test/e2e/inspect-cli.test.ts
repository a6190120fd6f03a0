/** `inspect` as a user starts it: bad directories, a taken port, --open, --help, Ctrl-C. */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, startCli, startReceiver, tempDir } from '../helpers/cli.js';
import { appendCapture, delivery, startInspect } from '../helpers/inspect.js';

let cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function temp(): Promise<string> {
  const t = await tempDir('inspect-cli-');
  cleanups.push(t.cleanup);
  return t.dir;
}

describe('inspect: bad input', () => {
  it('a missing directory, a file, or a folder that is not a capture: exit 2 with a clear message', async () => {
    const root = await temp();
    const missing = await runCli(['inspect', 'nope'], { cwd: root });
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toBe('coperniq-hooks: no such directory: nope (capture into it with: coperniq-hooks listen --dir nope)\n');
    writeFileSync(path.join(root, 'a.json'), '{}');
    const file = await runCli(['inspect', 'a.json'], { cwd: root });
    expect(file).toMatchObject({ code: 2, stderr: 'coperniq-hooks: a.json is a file, not a capture directory\n' });
    mkdirSync(path.join(root, 'fixtures'));
    writeFileSync(path.join(root, 'fixtures', 'x.json'), '{}');
    const plain = await runCli(['inspect', 'fixtures'], { cwd: root });
    expect(plain).toMatchObject({ code: 2, stderr: 'coperniq-hooks: fixtures is not a capture directory (it has no index.ndjson): inspect reads what listen captured\n' });
    const defaultDir = await runCli(['inspect'], { cwd: root });
    expect(defaultDir.stderr).toMatch(/no such directory: \.\/captures/);
    expect((await runCli(['inspect', '--port', 'x'], { cwd: root })).code).toBe(2);
  });

  it('an explicit --port that is taken: exit 3, nothing left running', async () => {
    const root = await temp();
    appendCapture(path.join(root, 'c'), [{ body: delivery('PROJECT_MOVEMENT', 1) }]);
    const holder = http.createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => holder.close(r)));
    const port = (holder.address() as AddressInfo).port;
    const r = await runCli(['inspect', 'c', '--port', String(port)], { cwd: root });
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(`coperniq-hooks: port ${port} on 127.0.0.1 is already in use; pick another with --port (--port 0 takes a free one)\n`);
  });
});

describe('inspect: running', () => {
  it('prints the URL and stops on Ctrl-C with exit 0', async () => {
    const root = await temp();
    const dir = path.join(root, 'c');
    appendCapture(dir, [{ body: delivery('PROJECT_MOVEMENT', 1) }]);
    const ins = await startInspect(dir);
    expect(ins.run.stderr()).toContain(`inspector on ${ins.url}\n`);
    expect(ins.run.stderr()).toContain(`inspecting ${dir}`);
    expect(ins.token).toMatch(/^[\w-]{32}$/);
    const done = await ins.run.stop('SIGINT');
    expect(done.code).toBe(0);
  });

  it('--open runs the platform opener with the URL', async () => {
    const root = await temp();
    const dir = path.join(root, 'c');
    appendCapture(dir, [{ body: delivery('PROJECT_MOVEMENT', 1) }]);
    const rx = await startReceiver();
    cleanups.push(() => rx.close());
    const bin = path.join(root, 'bin');
    mkdirSync(bin);
    // A stand-in xdg-open that tells the test which URL it was given.
    writeFileSync(path.join(bin, 'xdg-open'), `#!/bin/sh\nexec "$FAKE_NODE" -e 'fetch(process.env.FAKE_RX, { method: "POST", body: process.argv[1] })' "$1"\n`);
    chmodSync(path.join(bin, 'xdg-open'), 0o755);
    const ins = await startInspect(dir, ['--open'], { PATH: `${bin}:${process.env.PATH}`, FAKE_NODE: process.execPath, FAKE_RX: rx.url });
    cleanups.push(() => ins.run.stop());
    await rx.waitForCount(1);
    expect(rx.received[0].body.toString()).toBe(ins.url);
  });

  it('--open without an opener says so and keeps serving', async () => {
    const root = await temp();
    const dir = path.join(root, 'c');
    appendCapture(dir, [{ body: delivery('PROJECT_MOVEMENT', 1) }]);
    const empty = path.join(root, 'empty-path');
    mkdirSync(empty);
    const ins = await startInspect(dir, ['--open'], { PATH: empty });
    cleanups.push(() => ins.run.stop());
    await ins.run.waitFor(/note: could not open a browser \(xdg-open was not found\): open the URL above yourself/, 'stderr');
    expect(ins.run.child.exitCode).toBeNull();
  });

  it('--help shows what it does, with examples', async () => {
    const r = await runCli(['inspect', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/web inspector for a capture directory/);
    expect(r.stdout).toMatch(/\$ coperniq-hooks inspect fixtures\/captures --open/);
    expect(r.stdout).toMatch(/loopback only/);
  });
});

describe('listen --ui-port', () => {
  it('a taken --ui-port moves to the next free one', async () => {
    const holder = http.createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => holder.close(r)));
    const port = (holder.address() as AddressInfo).port;
    const root = await temp();
    const l = startCli(['listen', '--port', '0', '--dir', path.join(root, 'c'), '--ui-port', String(port)]);
    cleanups.push(() => l.stop());
    const m = await l.waitFor(/inspector on http:\/\/127\.0\.0\.1:(\d+)\//, 'stderr');
    expect(Number(m[1])).toBeGreaterThan(port);
  });
});
