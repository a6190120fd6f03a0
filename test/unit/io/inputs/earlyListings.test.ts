import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listDirectory, listEarly } from '../../../../src/io/inputs/earlyListings.js';
import { collectInputs } from '../../../../src/io/inputs/inputs.js';

let dir: string;
beforeEach(() => void (dir = mkdtempSync(path.join(os.tmpdir(), 'early-listings-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const names = async (abs: string) => (await listDirectory(abs)).map((d) => d.name).sort();

describe('early directory listings', () => {
  it('are taken once: the walk gets the early listing, a later ask lists again', async () => {
    writeFileSync(path.join(dir, 'a.json'), '{}');
    await listEarly(['.'], dir);
    // Made after the early listing ended: only a new listing sees it.
    writeFileSync(path.join(dir, 'b.json'), '{}');
    expect(await names(dir)).toEqual(['a.json']);
    expect(await names(dir)).toEqual(['a.json', 'b.json']);
  });

  it('feed collectInputs, which finds the same files as without them', async () => {
    mkdirSync(path.join(dir, 'd'));
    for (const f of ['1.json', '2.json', 'notes.txt']) writeFileSync(path.join(dir, 'd', f), '{}');
    const before = (await collectInputs(['d'], { cwd: dir })).inputs.map((i) => i.name);
    listEarly(['d', 'd', '-'], dir);
    const after = (await collectInputs(['d'], { cwd: dir })).inputs.map((i) => i.name);
    expect(after).toEqual(before);
    expect(after).toEqual([path.join('d', '1.json'), path.join('d', '2.json')]);
  });

  it('that failed fail only when asked for, with the error readdir gives (no unhandled rejection)', async () => {
    writeFileSync(path.join(dir, 'file.json'), '{}');
    listEarly(['file.json', 'missing'], dir);
    // A file argument is never walked: its failed listing is left unread, and nothing complains.
    expect((await collectInputs(['file.json'], { cwd: dir })).inputs.map((i) => i.name)).toEqual(['file.json']);
    await expect(listDirectory(path.join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(collectInputs(['missing'], { cwd: dir })).rejects.toThrow('no such file or directory: missing');
  });
});
