/**
 * Issue 9, "Under npx": a `listen` whose parent dies stops and lets go of its port and lock; the
 * terminal's Ctrl-C and npm's forwarded copy of it are one stop, not "Ctrl-C twice".
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, tempDir } from '../helpers/cli.js';
import { send, startListen } from '../helpers/listen.js';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function captureDir() {
  const t = await tempDir('listen-parent-');
  cleanups.push(t.cleanup);
  return path.join(t.dir, 'captures');
}

/** `node -e` standing in for npx: starts listen with its own stdio, prints listen's pid, then idles. */
function wrapper(dir: string) {
  const script = `const c = require('node:child_process').spawn(process.execPath, ${JSON.stringify([BIN, 'listen', '--port', '0', '--dir', dir])}, { stdio: 'inherit' });
console.log('child ' + c.pid); setInterval(() => {}, 1000);`;
  const w = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const seen = new Set<() => void>();
  w.stdout.setEncoding('utf8').on('data', (d: string) => ((out += d), seen.forEach((f) => f())));
  w.stderr.setEncoding('utf8').on('data', (d: string) => ((err += d), seen.forEach((f) => f())));
  // 'close' comes once every holder of the pipes (the wrapper and listen) has exited.
  const closed = new Promise<void>((resolve) => w.on('close', () => resolve()));
  const waitFor = (re: RegExp) =>
    new Promise<RegExpMatchArray>((resolve) => {
      const check = () => {
        const m = `${out}\n${err}`.match(re);
        if (m) (seen.delete(check), resolve(m));
      };
      seen.add(check);
      check();
    });
  return { w, waitFor, closed, stderr: () => err };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('listen and its parent', () => {
  it('stops cleanly when its parent is killed with SIGKILL, releasing port and lock', async () => {
    const dir = await captureDir();
    const wr = wrapper(dir);
    const pid = Number((await wr.waitFor(/child (\d+)/))[1]);
    cleanups.push(() => void (alive(pid) && process.kill(pid, 'SIGKILL')));
    const url = (await wr.waitFor(/listening on (http:\/\/\S+)/))[1];
    expect((await send(url)).status).toBe(200);
    expect(existsSync(path.join(dir, '.lock'))).toBe(true);

    wr.w.kill('SIGKILL');
    await wr.closed;
    expect(wr.stderr()).toMatch(/warning: the process that started listen has exited: stopping/);
    expect(wr.stderr()).toMatch(/stopped: 1 captured/);
    expect(existsSync(path.join(dir, '.lock'))).toBe(false);
    await expect(send(url)).rejects.toThrow();
    // The same port and directory are free for the next listen.
    const port = new URL(url).port;
    const next = await startListen(dir, ['--port', port]);
    cleanups.push(() => next.run.stop());
    expect(next.run.stderr()).toMatch(/1 earlier delivery, continuing at #2/);
  });

  it("one Ctrl-C that arrives twice at once (the terminal's and npm's copy) is one stop: summary, exit 0", async () => {
    const dir = await captureDir();
    const l = await startListen(dir);
    cleanups.push(() => l.run.stop());
    l.run.child.kill('SIGINT');
    l.run.child.kill('SIGTERM');
    const r = await l.run.exited;
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/stopped: 0 captured/);
  });

  it('the terminal closing (SIGHUP) is a clean stop too: summary, lock released, exit 0', async () => {
    const dir = await captureDir();
    const l = await startListen(dir);
    cleanups.push(() => l.run.stop('SIGKILL'));
    expect((await send(l.url)).status).toBe(200);
    l.run.child.kill('SIGHUP');
    const r = await l.run.exited;
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/stopped: 1 captured/);
    expect(existsSync(path.join(dir, '.lock'))).toBe(false);
  });
});
