// `listen` starting on a capture directory that already holds many deliveries (index lines and
// payload files), timed to its start-up line, against the index-event-ids yardstick (read
// index.ndjson and collect the event ids), in turns; and listen's peak RSS by then.
// Targets (issue 13): <= 1.5x the yardstick, peak RSS under 300 MiB, at 1,000,000 deliveries.
// The directory is generated once into a cache and reused by later runs: BENCH_CACHE (default the
// system's temp folder; on a real disk, as a capture directory of that size would be). Its payload
// files are hard links to a few sample payloads (listen reads only their names at start), so a
// million of them cost directory entries, not gigabytes. BENCH_DELIVERIES (default 1,000,000),
// BENCH_ROUNDS (default 5).
import { existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { captureFileName, INDEX_FILE } from '../../dist/core/capture/captureFormat.js';
import { captureOne, compare, exitWith, inTurns, samplePayload, setting, startListen, timeOk, yardstick } from './lib.mjs';

const N = setting('BENCH_DELIVERIES', 1_000_000, 1_000);
const ROUNDS = setting('BENCH_ROUNDS', 5, 2);
const cache = path.join(process.env.BENCH_CACHE || os.tmpdir(), 'coperniq-hooks-bench');
const dir = path.join(cache, `listen-start-${N}-v2`);
const complete = `${dir}.complete`;

/** A capture directory of N deliveries, each with its own event id, as `listen` would have left it. */
async function fillCaptureDir() {
  console.log(`generating ${N} deliveries into ${dir} (once; later runs reuse it)`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(cache, { recursive: true });
  const seed = mkdtempSync(path.join(cache, 'seed-'));
  const pattern = await captureOne(path.join(seed, 'captures'));
  rmSync(seed, { recursive: true, force: true });
  const body = JSON.stringify(samplePayload());
  mkdirSync(dir);
  // A file system caps the links to one file (ext4: 65,000), so one original per 60,000 names.
  const originals = [];
  const originalFor = (seq) => {
    const k = Math.floor(seq / 60_000);
    if (!originals[k]) writeFileSync((originals[k] = path.join(cache, `listen-start-payload-${k}.json`)), body);
    return originals[k];
  };
  let lines = [];
  for (let seq = 1; seq <= N; seq++) {
    // Mostly distinct event ids, with one retry in fifty, as Coperniq's retries make.
    const eventId = seq % 50 === 0 ? 500_000 + seq - 7 : 500_000 + seq;
    const file = captureFileName(seq, pattern.trigger, eventId, true);
    linkSync(originalFor(seq), path.join(dir, file));
    lines.push(JSON.stringify({ ...pattern, seq, file, eventId, receivedAt: new Date(Date.UTC(2025, 0, 1) + seq * 1000).toISOString() }));
    if (lines.length === 10_000 || seq === N) {
      appendFileSync(path.join(dir, INDEX_FILE), `${lines.join('\n')}\n`);
      lines = [];
    }
  }
  writeFileSync(complete, new Date().toISOString());
}

const peakRssMiB = (pid) => Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024);

if (!existsSync(complete)) await fillCaptureDir();
console.log(`${N} deliveries in ${dir}, ${ROUNDS} rounds, in turns`);
const rss = [];
const t = await inTurns(ROUNDS, {
  ours: async () => {
    const listen = await startListen(dir);
    rss.push(peakRssMiB(listen.child.pid));
    await listen.stop();
    return listen.ms;
  },
  floor: () => timeOk('index-event-ids', process.execPath, [yardstick('index-event-ids.mjs'), dir]),
});
const ok = compare(`listen start on ${N} deliveries`, { ours: t.ours, yard: t.floor, yardName: 'index-ids', target: 1.5 });
console.log(`listen peak RSS at start-up: max ${Math.max(...rss)} MiB (target < 300 MiB) ${Math.max(...rss) < 300 ? 'ok' : 'MISSED'}`);
exitWith(ok && Math.max(...rss) < 300);
