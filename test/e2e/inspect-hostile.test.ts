/**
 * A capture directory someone tampered with: an index that names files outside the directory,
 * payload files replaced by symlinks or FIFOs, lines that are not entries. The inspector reads
 * none of what it should not, hangs on nothing, and says what it skipped.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexEntry } from '../../src/core/capture/captureFormat.js';
import { tempDir } from '../helpers/cli.js';
import { appendCapture, call, delivery, startInspect, type Inspecting } from '../helpers/inspect.js';

let root: string;
let dir: string;
let cleanup: () => Promise<void>;
let ins: Inspecting;
let entries: IndexEntry[];

beforeAll(async () => {
  const t = await tempDir('inspect-hostile-');
  root = t.dir;
  cleanup = t.cleanup;
  dir = path.join(root, 'captures');
  entries = appendCapture(dir, [1, 2, 3, 4].map((i) => ({ body: delivery('PROJECT_MOVEMENT', i) })));
  writeFileSync(path.join(root, 'secret.json'), '{"secret": "outside the capture directory"}');
  // #2's file is now a symlink to a file outside; #3's is a FIFO nobody writes to.
  unlinkSync(path.join(dir, entries[1].file));
  symlinkSync(path.join(root, 'secret.json'), path.join(dir, entries[1].file));
  unlinkSync(path.join(dir, entries[2].file));
  execFileSync('mkfifo', [path.join(dir, entries[2].file)]);
  // #5 names a file outside the directory; then lines that are not entries at all.
  const outside = { ...entries[0], seq: 5, file: '../secret.json' };
  appendFileSync(path.join(dir, 'index.ndjson'), `${JSON.stringify(outside)}\nnot json\n{"seq":"6","file":"x"}\n{"seq":-1,"file":"x"}\n`);
  ins = await startInspect(dir);
});

afterAll(async () => {
  await ins?.run.stop();
  await cleanup?.();
});

const api = (target: string) => call(ins.origin, target, { token: ins.token });

describe('inspect on a tampered capture directory', () => {
  it('lists the entries, counts the lines that are not, and answers every call without hanging', async () => {
    const list = (await api('/api/deliveries')).json();
    expect(list.deliveries.map((d: IndexEntry) => d.seq)).toEqual([5, 4, 3, 2, 1]);
    expect((await api('/api/meta')).json().badIndexLines).toBe(3);
    expect(list.deliveries.map((d: { title: string | null }) => d.title)).toEqual([null, 'Elon Musk', null, null, 'Elon Musk']);
  });

  it('reads no payload through a symlink, from a FIFO or outside the directory', async () => {
    const link = (await api('/api/deliveries/2')).json();
    expect(link).toMatchObject({ body: null, bodyError: `${entries[1].file} is a symbolic link: not read`, findings: null });
    const fifo = (await api('/api/deliveries/3')).json();
    expect(fifo.bodyError).toBe(`${entries[2].file} is not a regular file: not read`);
    const outside = (await api('/api/deliveries/5')).json();
    expect(outside.bodyError).toBe('the index names "../secret.json", which is not a file of the capture directory: not read');
    for (const seq of [2, 3, 5]) {
      const raw = await api(`/api/deliveries/${seq}/raw`);
      expect(raw.status, String(seq)).toBe(403);
      expect(raw.text).not.toContain('outside the capture directory');
    }
    const search = (await api('/api/deliveries?q=outside%20the%20capture')).json();
    expect(search.deliveries).toEqual([]);
    expect((await api('/api/deliveries/4/diff?against=2')).status).toBe(403);
  });
});
