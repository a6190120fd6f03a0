// `replay` against the post-files yardstick (a plain undici script) sending the same files at
// concurrency 50 to the bare server in MODE=ack; both timed as whole processes, in turns.
// BENCH_FILES (default 10,000), BENCH_ROUNDS (default 5); BENCH_LONG=1 adds the 100,000-file memory check.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, compare, exitWith, inTurns, LONG, peakRss, samplePayload, setting, startBareServer, timeOk, yardstick } from './lib.mjs';

const N = setting('BENCH_FILES', 10_000, 200);
const ROUNDS = setting('BENCH_ROUNDS', 5, 2);

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

const work = mkdtempSync(path.join(os.tmpdir(), 'bench-replay-'));
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
    ours: t.ours, yard: t.floor, yardName: 'post-files', inverse: true, target: 0.8, higherIsBetter: true,
  }) && ok;

  if (LONG) {
    const big = path.join(work, 'big');
    makeFiles(big, 100_000);
    const r = await peakRss([BIN, 'replay', big, '--to', url, '--concurrency', '50', '--format', 'json']);
    const summary = r.stdout ? JSON.parse(r.stdout).summary : null;
    const fine = r.code === 0 && (!summary || summary.succeeded === 100_000) && r.mb < 200;
    // For scale: the yardstick on the same files, which keeps nothing but the file list.
    const floor = await peakRss([yardstick('post-files.mjs'), url, big, '50']);
    console.log(`replay 100,000 files: peak RSS ${r.mb.toFixed(1)} MB in ${(r.ms / 1000).toFixed(1)} s`);
    console.log(`  (target < 200 MB; post-files ${floor.mb.toFixed(1)} MB) ${fine ? 'ok' : 'MISSED'}`);
    ok = fine && ok;
  } else {
    console.log('replay 100,000 files memory check: skipped (BENCH_LONG=1 runs it)');
  }
} finally {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}
exitWith(ok);
