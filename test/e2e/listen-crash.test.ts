import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { Pool } from 'undici';
import { describe, expect, it } from 'vitest';
import { parseIndex } from '../../src/core/capture/captureFormat.js';
import { tempDir } from '../helpers/cli.js';
import { payloadFiles, payloadWith, readIndex, send, sha256, startListen } from '../helpers/listen.js';

interface Sent {
  /** With '-' inside: after the crash, ids of unindexed payloads are read back from their names. */
  eventId: string;
  body: Buffer;
  status?: number;
  seq?: number;
}

describe('listen: kill -9 during a burst', () => {
  // --no-fsync gives up only what a power loss or an OS crash takes: a killed process loses nothing.
  it.each([
    ['durable', []],
    ['--no-fsync', ['--no-fsync']],
  ])('keeps every acknowledged delivery whole, never shows half a payload, and restarts cleanly (%s)', async (_mode, args: string[]) => {
    const t = await tempDir('listen-crash-');
    const dir = path.join(t.dir, 'captures');
    const l = await startListen(dir, args);
    const pool = new Pool(l.base, { connections: 50 });
    try {
      const sent: Sent[] = Array.from({ length: 600 }, (_, i) => ({ eventId: `ev-${1000 + i}`, body: payloadWith(`ev-${1000 + i}`) }));
      let acked = 0;
      let killed = false;
      let next = 0;
      const worker = async () => {
        while (next < sent.length) {
          const s = sent[next++];
          try {
            const res = await pool.request({ path: '/', method: 'POST', headers: { 'content-type': 'application/json' }, body: s.body });
            const text = await res.body.text();
            s.status = res.statusCode;
            if (res.statusCode === 200) {
              s.seq = (JSON.parse(text) as { seq: number }).seq;
              if (++acked === 150 && !killed) {
                killed = true;
                l.run.child.kill('SIGKILL');
              }
            }
          } catch {
            // The connection died with the process: not acknowledged, so the sender would retry.
          }
        }
      };
      await Promise.all(Array.from({ length: 50 }, worker));
      const exit = await l.run.exited;
      expect(exit.signal).toBe('SIGKILL');
      const ok = sent.filter((s) => s.status === 200);
      expect(ok.length).toBeGreaterThanOrEqual(150);
      // It really was mid-burst: some deliveries were never answered.
      expect(ok.length).toBeLessThan(sent.length);

      const text = readFileSync(path.join(dir, 'index.ndjson'), 'utf8');
      const { entries, badLines } = parseIndex(text);
      // Only the very last line can be cut short, and only if the kill landed inside that write.
      expect(badLines.every((n) => n === text.split('\n').length - (text.endsWith('\n') ? 1 : 0))).toBe(true);
      const bySeq = new Map(entries.map((e) => [e.seq, e]));
      const byEvent = new Map(sent.map((s) => [s.eventId, s]));
      for (const s of ok) {
        const e = bySeq.get(s.seq!);
        expect(e, `acknowledged #${s.seq} has its index line`).toBeDefined();
        expect(e!.eventId).toBe(s.eventId);
        const bytes = readFileSync(path.join(dir, e!.file));
        expect(bytes.equals(s.body)).toBe(true);
        expect(sha256(bytes)).toBe(e!.sha256);
      }
      const files = payloadFiles(dir);
      const byFile = new Map(entries.map((e) => [e.file, e]));
      for (const f of files) {
        const bytes = readFileSync(path.join(dir, f));
        const e = byFile.get(f);
        if (e) expect(sha256(bytes), f).toBe(e.sha256);
        else {
          // Renamed but not yet indexed when the kill came: still complete, never half a file.
          const eventId = /^\d{8}-PROJECT_MOVEMENT-(ev-\d+)\.json$/.exec(f)?.[1] ?? f;
          expect(bytes.equals(byEvent.get(eventId)!.body), f).toBe(true);
        }
      }
      const before = Object.fromEntries(files.map((f) => [f, sha256(readFileSync(path.join(dir, f)))]));
      const maxSeq = Math.max(...files.map((f) => Number(f.slice(0, 8))), ...entries.map((e) => e.seq));

      const again = await startListen(dir);
      try {
        expect(readdirSync(dir).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
        const first = ok[0];
        const r = await send(again.url, first.body);
        expect(r.status).toBe(200);
        const seq = (JSON.parse(r.text) as { seq: number }).seq;
        expect(seq).toBe(maxSeq + 1);
        await again.run.waitFor(new RegExp(`#${seq} .*DUPLICATE of #${first.seq}`), 'stderr');
        for (const [f, h] of Object.entries(before)) expect(sha256(readFileSync(path.join(dir, f))), f).toBe(h);
        const after = parseIndex(readFileSync(path.join(dir, 'index.ndjson'), 'utf8'));
        expect(after.badLines).toEqual([]);
        expect(after.entries.at(-1)).toMatchObject({ seq, eventId: first.eventId, duplicateOf: first.seq });
        expect(readIndex(dir).length).toBe(entries.length + 1);

        // The newest payload (unindexed if the kill came between its rename and its line): a
        // retry of its event is a duplicate of it, its whole id read back from the name if need be.
        const newest = files.at(-1)!;
        const newestSeq = Number(newest.slice(0, 8));
        const again2 = await send(again.url, readFileSync(path.join(dir, newest)));
        expect(again2.status).toBe(200);
        const seq2 = (JSON.parse(again2.text) as { seq: number }).seq;
        await again.run.waitFor(new RegExp(`#${seq2} .*DUPLICATE of #${newestSeq}`), 'stderr');
      } finally {
        await again.run.stop();
      }
    } finally {
      await pool.destroy();
      await l.run.stop();
      await t.cleanup();
    }
  });
});

describe('listen: after a crash between a payload\'s rename and its index line', () => {
  it('recognises a retry as a DUPLICATE even when the id changed to fit the file name, reading the id from the payload', async () => {
    const t = await tempDir('listen-crash-ids-');
    const dir = path.join(t.dir, 'captures');
    const long = `order ${'9'.repeat(64)} / retry`;
    const gzipped = { body: gzipSync(payloadWith('g z')), headers: { 'content-encoding': 'gzip' } };
    try {
      const first = await startListen(dir);
      try {
        for (const [body, headers] of [[payloadWith(1)], [payloadWith('x/y z')], [payloadWith(long)], [gzipped.body, gzipped.headers]] as const) {
          expect((await send(first.url, body, { headers })).status).toBe(200);
        }
      } finally {
        expect((await first.run.stop()).code).toBe(0);
      }
      // Names that no longer hold the ids whole: "x/y z" became "x_y_z", the long one was cut.
      expect(payloadFiles(dir)).toEqual([
        '00000001-PROJECT_MOVEMENT-1.json',
        '00000002-PROJECT_MOVEMENT-x_y_z.json',
        `00000003-PROJECT_MOVEMENT-${`order_${'9'.repeat(64)}_retry`.slice(0, 60)}.json`,
        '00000004-PROJECT_MOVEMENT-g_z.json.gz',
      ]);
      // The crash: #2 to #4 were renamed into place, their index lines never written.
      const index = path.join(dir, 'index.ndjson');
      writeFileSync(index, `${readFileSync(index, 'utf8').split('\n')[0]}\n`);

      const again = await startListen(dir);
      try {
        expect(again.run.stderr()).toMatch(/4 earlier deliveries, continuing at #5/);
        for (const [body, headers] of [[payloadWith('x/y z')], [payloadWith(long)], [gzipped.body, gzipped.headers], [payloadWith('x_y_z')]] as const) {
          expect((await send(again.url, body, { headers })).status).toBe(200);
        }
        await again.run.waitFor(/#8 /, 'stderr');
        expect(again.run.stderr()).toMatch(/#5 .*DUPLICATE of #2/);
        expect(readIndex(dir).map((e) => [e.seq, e.eventId, e.duplicateOf])).toEqual([
          [1, 1, null],
          [5, 'x/y z', 2],
          [6, long, 3],
          [7, 'g z', 4],
          // Another event, whose id only looks like the first one's file name.
          [8, 'x_y_z', null],
        ]);
      } finally {
        await again.run.stop();
      }
    } finally {
      await t.cleanup();
    }
  });
});
