// `replay` against the post-files yardstick (a plain undici script) sending the same files at
// concurrency 50 to the bare server in MODE=ack; both timed as whole processes, in turns.
// Targets (issue 13): speed >= 1.0x the yardstick on 10,000 files; with BENCH_LONG=1, peak RSS on
// 100,000 files <= 1.0x the yardstick's, both taken in turns too.
// BENCH_FILES (default 10,000), BENCH_ROUNDS (default 7); BENCH_LONG_FILES (default 100,000) and
// BENCH_LONG_ROUNDS (default 3) for the memory check. Files go to BENCH_DIR (a tmpfs when there is one).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BENCH_DIR, BIN, compare, exitWith, inTurns, LONG, peakRss, samplePayload, setting, startBareServer, timeOk, yardstick } from './lib.mjs';

const N = setting('BENCH_FILES', 10_000, 200);
const ROUNDS = setting('BENCH_ROUNDS', 7, 2);
const LONG_N = setting('BENCH_LONG_FILES', 100_000, 1_000);
const LONG_ROUNDS = setting('BENCH_LONG_ROUNDS', 3, 1);

function makeFiles(dir, n) {
  const base = samplePayload();
  mkdirSync(dir, { recursive: true });
  const t0 = Date.parse('2025-01-21T00:00:00.000Z');
  for (let i = 0; i < n; i++) {
    base.event.eventId = 500000 + i;
    base.event.firedAt = new Date(t0 + i * 1000).toISOString();
    writeFileSync(path.join(dir, `p${String(i).padStart(6, '0')}.json`), JSON.stringify(base));
  }
}

const work = mkdtempSync(path.join(BENCH_DIR, 'bench-replay-'));
const server = await startBareServer('ack');
const url = `http://127.0.0.1:${server.port}/hook`;
let ok = true;
try {
  const dir = path.join(work, 'files');
  makeFiles(dir, N);
  const t = await inTurns(ROUNDS, {
    ours: () => timeOk('replay', process.execPath, [BIN, 'replay', dir, '--to', url, '--concurrency', '50']),
    floor: () => timeOk('post-files', process.execPath, [yardstick('post-files.mjs'), url, dir, '50']),
  });
  ok = compare(`replay ${N} files, concurrency 50`, {
    ours: t.ours, yard: t.floor, yardName: 'post-files', inverse: true, target: 1.0, higherIsBetter: true,
  }) && ok;

  if (LONG) {
    const big = path.join(work, 'big');
    makeFiles(big, LONG_N);
    const rss = await inTurns(LONG_ROUNDS, {
      ours: async () => {
        const r = await peakRss([BIN, 'replay', big, '--to', url, '--concurrency', '50', '--format', 'json']);
        const summary = r.stdout ? JSON.parse(r.stdout).summary : null;
        if (r.code !== 0 || (summary && summary.succeeded !== LONG_N)) throw new Error(`replay of ${LONG_N} files exited ${r.code}, ${summary?.succeeded} succeeded`);
        return r.mb;
      },
      floor: async () => {
        const r = await peakRss([yardstick('post-files.mjs'), url, big, '50']);
        if (r.code !== 0) throw new Error(`post-files exited ${r.code}`);
        return r.mb;
      },
    });
    ok = compare(`replay ${LONG_N} files, peak RSS`, { ours: rss.ours, yard: rss.floor, yardName: 'post-files', unit: 'MB', target: 1.0 }) && ok;
  } else {
    console.log('replay 100,000 files memory check: skipped (BENCH_LONG=1 runs it)');
  }
} finally {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}
exitWith(ok);
