import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { IndexEntry } from '../../../../src/core/capture/captureFormat.js';
import { IndexFollower } from '../../../../src/io/capture/indexFollower.js';

const line = (seq: number) =>
  `${JSON.stringify({ seq, file: `${String(seq).padStart(8, '0')}-X-${seq}.json`, bytes: 2, trigger: 'X', recordId: 1, duplicateOf: null, verdict: { json: true, valid: true, errors: 0, warnings: 0, first: [] } })}\n`;

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function follow(lines: number[]): { f: IndexFollower; added: number[][]; dir: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'follower-'));
  writeFileSync(path.join(dir, 'index.ndjson'), lines.map(line).join(''));
  const added: number[][] = [];
  const f = new IndexFollower(dir, { added: (e: IndexEntry[]) => added.push(e.map((x) => x.seq)), reset: () => undefined });
  cleanups.push(() => (f.close(), rmSync(dir, { recursive: true, force: true })));
  return { f, added, dir };
}

describe('IndexFollower', () => {
  it('reports what was there before as the start, not as news', async () => {
    const { f, added } = follow([1, 2]);
    await f.start();
    expect(f.catalog.size).toBe(2);
    expect(added).toEqual([]);
  });

  it('reports a delivery listen announced even when the first read is the one that finds it', async () => {
    const { f, added, dir } = follow([1]);
    const started = f.start();
    // Appended before the first read looks at the file's size: that read finds it.
    appendFileSync(path.join(dir, 'index.ndjson'), line(2) + line(3));
    void f.announce(2);
    await started;
    expect(f.catalog.size).toBe(3);
    expect(added.flat()).toEqual([2]);
  });

  it('reports lines appended after the start, in file order, and keeps a cut-off line for later', async () => {
    const { f, added, dir } = follow([1]);
    await f.start();
    const two = line(2);
    appendFileSync(path.join(dir, 'index.ndjson'), line(3) + two.slice(0, 10));
    await f.refresh();
    expect(added).toEqual([[3]]);
    appendFileSync(path.join(dir, 'index.ndjson'), two.slice(10));
    await f.refresh();
    expect(added).toEqual([[3], [2]]);
    expect(Array.from({ length: f.catalog.size }, (_, i) => f.catalog.seqAt(i))).toEqual([1, 2, 3]);
  });
});
