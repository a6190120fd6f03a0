import { spawnSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, statfsSync, statSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIndex } from '../../src/core/capture/captureFormat.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { payloadFiles, payloadWith, send, startListen } from '../helpers/listen.js';
import { listenKit } from '../helpers/listenKit.js';

const PAGE = 4096;

/** Mounts a small tmpfs at `dir`; returns why not when that is impossible here (not root, no mount). */
function mountTmpfs(dir: string, bytes: number): string | null {
  if (process.getuid?.() !== 0) return 'not running as root';
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir]);
  return r.status === 0 ? null : `mount -t tmpfs failed: ${String(r.stderr).trim() || r.error?.message}`;
}

/** Fills the file system with `file` until it is full, then frees exactly `pages` pages of it. */
function fillLeaving(mount: string, file: string, pages: number): void {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(PAGE, 0x61);
  let size = 0;
  try {
    for (;;) size += writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  }
  ftruncateSync(fd, (Math.ceil(size / PAGE) - pages) * PAGE);
  closeSync(fd);
  const fs = statfsSync(mount);
  expect(fs.bfree * fs.bsize).toBe(pages * PAGE);
}

const { onCleanup } = listenKit();

describe('listen: disk full in the middle of an index append', () => {
  it('cuts the index back to its last whole line, removes the payload, answers 500; the retry is stored whole and is no duplicate', async (ctx) => {
    const t = await tempDir('listen-full-');
    onCleanup(t.cleanup);
    const mount = path.join(t.dir, 'small');
    mkdirSync(mount);
    const why = mountTmpfs(mount, 512 * 1024);
    if (why) ctx.skip(`disk-full test skipped: ${why} (it needs a small tmpfs)`);
    onCleanup(() => void spawnSync('umount', [mount]));
    const dir = path.join(mount, 'captures');
    const indexFile = path.join(dir, 'index.ndjson');
    const l = await startListen(dir);
    onCleanup(() => l.run.stop('SIGKILL'));

    // Deliveries until the next index line would not fit in the index's last page, so that with
    // one free page left the payload takes that page and the line stops part-way.
    let stored = 0;
    const room = () => PAGE - (statSync(indexFile).size % PAGE);
    const lastLine = () => readFileSync(indexFile, 'utf8').trimEnd().split('\n').at(-1)!.length + 1;
    do {
      expect((await send(l.url, payloadWith(100 + ++stored))).status).toBe(200);
    } while (!(room() > 64 && room() < lastLine() - 64));
    const indexBefore = readFileSync(indexFile);
    fillLeaving(mount, path.join(mount, 'filler'), Math.ceil(payloadWith(9001).length / PAGE));

    expect((await send(l.url, payloadWith(9001))).status).toBe(500);
    // Nothing of it stored: the index is what it was (the part-way line cut off), its payload is gone.
    expect(readFileSync(indexFile).equals(indexBefore)).toBe(true);
    expect(payloadFiles(dir)).toHaveLength(stored);
    expect(payloadFiles(dir).some((f) => f.includes('-9001.'))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('.tmp-'))).toEqual([]);
    const failure = (await l.run.waitFor(new RegExp(`error: delivery #${stored + 1} \\(\\d+ bytes\\) NOT stored, answered 500 so the sender retries: (.*)`), 'stderr'))[1];
    expect(failure).toMatch(/^index.ndjson: ENOSPC: no space left on device/);

    unlinkSync(path.join(mount, 'filler'));
    const retry = await send(l.url, payloadWith(9001));
    expect(retry.status).toBe(200);
    const retrySeq = (JSON.parse(retry.text) as { seq: number }).seq;
    expect((await send(l.url, payloadWith(9002))).status).toBe(200);
    await l.run.waitFor(new RegExp(`#${retrySeq + 1} `), 'stderr');
    expect(l.run.stderr()).not.toMatch(/DUPLICATE/);
    expect((await l.run.stop()).code).toBe(0);

    const text = readFileSync(indexFile, 'utf8');
    const { entries, badLines } = parseIndex(text);
    expect(badLines).toEqual([]);
    expect(text.endsWith('\n')).toBe(true);
    expect(entries).toHaveLength(stored + 2);
    expect(entries.filter((e) => e.eventId === 9001)).toEqual([expect.objectContaining({ seq: retrySeq, duplicateOf: null })]);
    expect(payloadFiles(dir)).toHaveLength(stored + 2);

    // validate and replay see exactly the stored deliveries, never the failed one.
    const v = await runCli(['validate', dir, '--format', 'json']);
    const validated = (JSON.parse(v.stdout) as { results: { file: string }[] }).results.map((r) => path.basename(r.file));
    expect(validated).toEqual(payloadFiles(dir));
    const plan = await runCli(['replay', dir, '--to', 'http://127.0.0.1:9/', '--dry-run', '--format', 'json']);
    const planned = (JSON.parse(plan.stdout) as { deliveries: { eventId: number }[] }).deliveries.map((d) => d.eventId);
    expect(planned).toHaveLength(stored + 2);
    expect(planned.filter((id) => id === 9001)).toHaveLength(1);
  });
});
