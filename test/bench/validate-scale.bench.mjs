// How `validate` grows with the work: 10x the files must take at most 1.1x ten times as long (linear),
// with a peak RSS under 200 MB (issue 13). Both runs as whole processes, in turns; each run's peak
// RSS is read by /usr/bin/time (or /proc). BENCH_FILES (default 10,000: the large run is ten times
// that), BENCH_ROUNDS (default 3), BENCH_DIR (default /dev/shm).
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { BENCH_DIR, BIN, compare, exitWith, inTurns, peakRss, setting, writeSamplePayloads } from './lib.mjs';

const N = setting('BENCH_FILES', 10_000, 200);
const ROUNDS = setting('BENCH_ROUNDS', 3, 2);
const RSS_LIMIT_MB = 200;
const work = mkdtempSync(path.join(BENCH_DIR, 'bench-validate-scale-'));
try {
  const small = path.join(work, 'small');
  const large = path.join(work, 'large');
  writeSamplePayloads(small, N);
  writeSamplePayloads(large, N * 10);
  const rss = { small: [], large: [] };
  const run = (side, dir) => async () => {
    const r = await peakRss([BIN, 'validate', dir]);
    if (r.code !== 0) throw new Error(`validate ${dir} exited ${r.code}`);
    rss[side].push(r.mb);
    return r.ms;
  };
  console.log(`${N} and ${N * 10} files, ${ROUNDS} rounds, in turns`);
  const t = await inTurns(ROUNDS, { large: run('large', large), small: run('small', small) });
  const ok = compare(`validate ${N * 10} files against 10 x ${N}`, {
    ours: t.large,
    yard: t.small.map((ms) => ms * 10),
    yardName: `10 x ${N}`,
    target: 1.1,
  });
  const peak = Math.max(...rss.large);
  const okRss = peak < RSS_LIMIT_MB;
  console.log(`validate ${N * 10} files: peak RSS max ${peak.toFixed(0)} MB (${N} files: ${Math.max(...rss.small).toFixed(0)} MB), target < ${RSS_LIMIT_MB} MB: ${okRss ? 'ok' : 'MISSED'}`);
  exitWith(ok && okRss);
} finally {
  rmSync(work, { recursive: true, force: true });
}
