import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { payloadFiles, payloadWith, readIndex, send } from '../helpers/listen.js';
import { listenKit } from '../helpers/listenKit.js';

const { captureDir, listen } = listenKit('listen-fail-');

const seqOf = (text: string) => (JSON.parse(text) as { seq: number }).seq;
const NOT_STORED = (seq: number) => new RegExp(`error: delivery #${seq} \\(\\d+ bytes\\) NOT stored, answered 500 so the sender retries: (.*)`);

describe('listen: an event counts as seen only once it is stored', () => {
  it('a retry after a 500 is not a DUPLICATE of the delivery that was never stored', async () => {
    const dir = await captureDir();
    const l = await listen(dir);
    expect((await send(l.url, payloadWith(1))).status).toBe(200);
    // Something in the way of delivery #2's temp file: it cannot be written, so it gets a 500.
    const blocker = path.join(dir, '.tmp-00000002-PROJECT_MOVEMENT-5.json');
    mkdirSync(blocker);
    expect((await send(l.url, payloadWith(5))).status).toBe(500);
    await l.run.waitFor(NOT_STORED(2), 'stderr');
    const retry = await send(l.url, payloadWith(5));
    expect(retry.status).toBe(200);
    expect(seqOf(retry.text)).toBe(3);
    expect(seqOf((await send(l.url, payloadWith(5))).text)).toBe(4);
    await l.run.waitFor(/#4 .*DUPLICATE of #3/, 'stderr');
    expect(l.run.stderr()).not.toMatch(/#3 .*DUPLICATE/);
    expect(readIndex(dir).map((e) => [e.seq, e.eventId, e.duplicateOf])).toEqual([
      [1, 1, null],
      [3, 5, null],
      [4, 5, 3],
    ]);
    expect(payloadFiles(dir)).toEqual(['00000001-PROJECT_MOVEMENT-1.json', '00000003-PROJECT_MOVEMENT-5.json', '00000004-PROJECT_MOVEMENT-5.json']);
    // What was in the way is not ours: left alone.
    expect(statSync(blocker).isDirectory()).toBe(true);
  });

  it('of two deliveries of one event in flight together, the second is a DUPLICATE only if the first was stored', async () => {
    const dir = await captureDir();
    const l = await listen(dir);
    expect((await send(l.url, payloadWith(1))).status).toBe(200);
    const both = await Promise.all([send(l.url, payloadWith(8)), send(l.url, payloadWith(8))]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    const [a, b] = both.map((r) => seqOf(r.text)).sort();
    await l.run.waitFor(new RegExp(`#${b} .*DUPLICATE of #${a}`), 'stderr');

    // Now the first of the pair fails (#4 is blocked): the second is no duplicate of it.
    mkdirSync(path.join(dir, '.tmp-00000004-PROJECT_MOVEMENT-9.json'));
    const pair = await Promise.all([send(l.url, payloadWith(9)), send(l.url, payloadWith(9))]);
    expect(pair.map((r) => r.status).sort()).toEqual([200, 500]);
    const stored = seqOf(pair.find((r) => r.status === 200)!.text);
    expect(stored).toBe(5);
    expect(readIndex(dir).find((e) => e.seq === 5)).toMatchObject({ eventId: 9, duplicateOf: null });
  });
});

describe('listen: duplicateOf in the index line', () => {
  it('lands in the entry\'s own field whatever the event id and headers hold', async () => {
    const dir = await captureDir();
    const l = await listen(dir);
    const id = 'x",\n"duplicateOf":null,"y';
    const headers = { 'x-note': ',"duplicateOf":null,' };
    expect((await send(l.url, payloadWith(id), { headers })).status).toBe(200);
    expect((await send(l.url, payloadWith(id), { headers })).status).toBe(200);
    expect(readIndex(dir).map((e) => [e.seq, e.eventId, e.duplicateOf, e.headers['x-note']])).toEqual([
      [1, id, null, headers['x-note']],
      [2, id, 1, headers['x-note']],
    ]);
  });
});

describe('listen: the directory removed or replaced while listening', () => {
  it('answers 500 with a clear error once the directory is removed and recreated; a second listen there never shares a number with it', async () => {
    const dir = await captureDir();
    const first = await listen(dir);
    expect(seqOf((await send(first.url, payloadWith(1))).text)).toBe(1);
    rmSync(dir, { recursive: true });
    mkdirSync(dir);

    expect((await send(first.url, payloadWith(2))).status).toBe(500);
    const why = (await first.run.waitFor(NOT_STORED(2), 'stderr'))[1];
    expect(why).toBe(`the capture directory ${dir} was removed or replaced while listening: nothing more is stored (restart listen to capture again)`);
    // Nothing of it went into the new directory.
    expect(readdirSync(dir)).toEqual([]);

    const second = await listen(dir);
    expect(seqOf((await send(second.url, payloadWith(3))).text)).toBe(1);
    expect((await send(first.url, payloadWith(4))).status).toBe(500);
    expect(readIndex(dir).map((e) => [e.seq, e.eventId])).toEqual([[1, 3]]);
    expect(payloadFiles(dir)).toEqual(['00000001-PROJECT_MOVEMENT-3.json']);
    const stopped = await first.run.stop('SIGTERM');
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toMatch(/stopped: 1 captured, .*2 not stored \(answered 500\)/);
    // The summary never sends the user to the new directory for what was captured.
    expect(stopped.stderr).toContain(`\nthe 1 delivery captured is gone: ${dir} was removed while listening; ${dir} is now another directory, without them\n`);
    expect(stopped.stderr).not.toContain('captures in');
  });

  it('moved away and replaced: the summary names where the captures went, not the new empty directory', async () => {
    const dir = await captureDir();
    const l = await listen(dir, ['--json']);
    for (const id of [1, 2]) expect((await send(l.url, payloadWith(id))).status).toBe(200);
    renameSync(dir, `${dir}.old`);
    mkdirSync(dir);
    expect((await send(l.url, payloadWith(3))).status).toBe(500);
    const stopped = await l.run.stop('SIGINT');
    expect(stopped.code).toBe(0);
    const summary = stopped.stderr.slice(stopped.stderr.indexOf('stopped: ')).split('\n');
    expect(summary.slice(0, 2)).toEqual([
      'stopped: 2 captured, 0 invalid, 0 duplicates, 0 rejected, 1 not stored (answered 500)',
      `the 2 deliveries captured are in ${dir}.old: ${dir} was moved there while listening; ${dir} is now another directory, without them`,
    ]);
    expect(JSON.parse(stopped.stdout.trim().split('\n').at(-1)!)).toMatchObject({
      type: 'summary',
      captured: 2,
      place: { dirChanged: true, now: `${dir}.old`, removed: false, replaced: true },
    });
    expect(payloadFiles(`${dir}.old`)).toHaveLength(2);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('moved away with nothing sent since: the summary still names where the captures are', async () => {
    const dir = await captureDir();
    const l = await listen(dir);
    expect((await send(l.url, payloadWith(1))).status).toBe(200);
    renameSync(dir, `${dir}-moved`);
    const stopped = await l.run.stop('SIGINT');
    expect(stopped.stderr).toContain(`\nthe 1 delivery captured is in ${dir}-moved: ${dir} was moved there while listening\n`);
  });

  it('answers 500 once index.ndjson is removed, and leaves no payload for the delivery', async () => {
    const dir = await captureDir();
    const l = await listen(dir);
    expect((await send(l.url, payloadWith(1))).status).toBe(200);
    rmSync(path.join(dir, 'index.ndjson'));
    expect((await send(l.url, payloadWith(2))).status).toBe(500);
    expect((await l.run.waitFor(NOT_STORED(2), 'stderr'))[1]).toBe(`${path.join(dir, 'index.ndjson')} was removed or replaced while listening: nothing more is stored (restart listen to capture again)`);
    expect(payloadFiles(dir)).toEqual(['00000001-PROJECT_MOVEMENT-1.json']);
    expect(existsSync(path.join(dir, 'index.ndjson'))).toBe(false);
    const stopped = await l.run.stop('SIGINT');
    expect(stopped.stderr).toContain(`\ncaptures in ${dir}, but its index.ndjson was removed or replaced while listening: the index lines of the 1 delivery captured went to the old one\n`);
  });

  it('answers 500 once its lock is removed, so that a second listen started then never writes the same numbers', async () => {
    const dir = await captureDir();
    const first = await listen(dir);
    expect((await send(first.url, payloadWith(1))).status).toBe(200);
    rmSync(path.join(dir, '.lock'));
    expect((await send(first.url, payloadWith(2))).status).toBe(500);
    expect((await first.run.waitFor(NOT_STORED(2), 'stderr'))[1]).toMatch(/^the lock .*\.lock was removed or replaced while listening: nothing more is stored .*two must never write the same numbers$/);

    const second = await listen(dir);
    expect(second.run.stderr()).toMatch(/1 earlier deliver(y|ies), continuing at #2/);
    expect(seqOf((await send(second.url, payloadWith(3))).text)).toBe(2);
    expect((await send(first.url, payloadWith(4))).status).toBe(500);
    const seqs = readIndex(dir).map((e) => e.seq);
    expect(seqs).toEqual([1, 2]);
    expect(payloadFiles(dir)).toEqual(['00000001-PROJECT_MOVEMENT-1.json', '00000002-PROJECT_MOVEMENT-3.json']);
  });
});
