import { spawnSync } from 'node:child_process';
import { linkSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startCli, tempDir } from '../helpers/cli.js';
import { payloadFiles, payloadWith, readIndex, send, startListen } from '../helpers/listen.js';
import { listenKit } from '../helpers/listenKit.js';

const { onCleanup } = listenKit();

/** A capture directory and, beside it, a file outside it that a planted link points at. */
async function setup(): Promise<{ root: string; dir: string; outside: string; before: Buffer }> {
  const t = await tempDir('listen-files-');
  onCleanup(t.cleanup);
  const dir = path.join(t.dir, 'captures');
  mkdirSync(dir);
  const outside = path.join(t.dir, 'precious.ndjson');
  // No newline at the end: the store would trim a "cut-off last line" of an index it followed.
  const before = Buffer.from('{"keep":1}\n{"keep":2}\npartial, but mine');
  writeFileSync(outside, before);
  return { root: t.dir, dir, outside, before };
}

/** Runs listen on `dir`, expecting it to refuse; one that starts listening instead fails the test at once. */
async function refused(dir: string, name: string, what: RegExp) {
  const run = startCli(['listen', '--port', '0', '--dir', dir]);
  onCleanup(() => run.stop('SIGKILL'));
  const r = await Promise.race([run.exited, run.waitFor(/listening on/, 'stderr').then(() => null, () => null)]);
  expect(r, 'listen started instead of refusing').not.toBeNull();
  if (!r) return;
  expect(r.code).toBe(3);
  const message = r.stderr.replace(/\s+/g, ' ');
  expect(message).toContain(`cannot use ${dir} as the capture directory: ${path.join(dir, name)} is`);
  expect(message).toMatch(what);
  expect(message).toMatch(/never follows links out of the directory/);
  expect(r.stderr).not.toMatch(/listening on/);
}

const mkfifo = (file: string) => spawnSync('mkfifo', [file]).status === 0;

describe('listen: the files of a capture directory are never followed elsewhere', () => {
  it('refuses an index.ndjson that is a symlink (exit 3) and leaves the file it points at untouched', async () => {
    const s = await setup();
    symlinkSync(s.outside, path.join(s.dir, 'index.ndjson'));
    await refused(s.dir, 'index.ndjson', /is a symbolic link/);
    expect(readFileSync(s.outside).equals(s.before)).toBe(true);
    // Nothing left behind: no lock, no payload.
    expect(readdirSync(s.dir)).toEqual(['index.ndjson']);
  });

  it('refuses a dangling index symlink instead of creating its target', async () => {
    const s = await setup();
    const target = path.join(s.root, 'created-elsewhere.ndjson');
    symlinkSync(target, path.join(s.dir, 'index.ndjson'));
    await refused(s.dir, 'index.ndjson', /is a symbolic link/);
    expect(() => statSync(target)).toThrow(/ENOENT/);
  });

  it('refuses a .lock that is a symlink, and the file it points at keeps its bytes', async () => {
    const s = await setup();
    symlinkSync(s.outside, path.join(s.dir, '.lock'));
    await refused(s.dir, '.lock', /is a symbolic link/);
    expect(readFileSync(s.outside).equals(s.before)).toBe(true);
  });

  it('refuses an index or lock that is a FIFO, without hanging on it', async (ctx) => {
    const s = await setup();
    if (!mkfifo(path.join(s.dir, 'index.ndjson'))) ctx.skip('mkfifo is not available');
    await refused(s.dir, 'index.ndjson', /is a FIFO/);
    const other = path.join(s.root, 'other');
    mkdirSync(other);
    mkfifo(path.join(other, '.lock'));
    await refused(other, '.lock', /is a FIFO/);
  });

  it('refuses an index or lock that is a directory', async () => {
    const s = await setup();
    mkdirSync(path.join(s.dir, 'index.ndjson'));
    await refused(s.dir, 'index.ndjson', /is a directory/);
    const other = path.join(s.root, 'other');
    mkdirSync(path.join(other, '.lock'), { recursive: true });
    await refused(other, '.lock', /is a directory/);
  });

  it('refuses an index that is a device node', async (ctx) => {
    const s = await setup();
    const made = spawnSync('mknod', [path.join(s.dir, 'index.ndjson'), 'c', '1', '3']);
    if (made.status !== 0) ctx.skip(`cannot make a device node here (mknod needs root): ${String(made.stderr).trim()}`);
    await refused(s.dir, 'index.ndjson', /is a device/);
  });

  it('refuses an index that is a hard link to a file elsewhere, which appending would change too', async () => {
    const s = await setup();
    linkSync(s.outside, path.join(s.dir, 'index.ndjson'));
    await refused(s.dir, 'index.ndjson', /is a file with 2 hard links/);
    expect(readFileSync(s.outside).equals(s.before)).toBe(true);
  });

  it('follows a capture directory that is itself a symlink (the user named it), and stores inside its target', async () => {
    const s = await setup();
    const link = path.join(s.root, 'captures-link');
    symlinkSync(s.dir, link);
    const l = await startListen(link);
    onCleanup(() => l.run.stop());
    expect((await send(l.url, payloadWith(1))).status).toBe(200);
    expect(payloadFiles(s.dir)).toEqual(['00000001-PROJECT_MOVEMENT-1.json']);
    expect(readIndex(s.dir).map((e) => e.seq)).toEqual([1]);
    expect(readFileSync(s.outside).equals(s.before)).toBe(true);
  });
});
