// `listen` against the bare-server yardstick, 50 concurrent POSTs of the support page's payload, all
// four servers up at once, each on its own folder, short runs in turns:
//   durable listen (the default: file, directory and index synced before the answer)
//     vs MODE=fsync, which syncs each file and its directory before answering;
//   listen --no-fsync vs MODE=disk, which writes each file and syncs nothing.
// Once in BENCH_DIR (default /dev/shm, a tmpfs, where a sync costs nothing) and once in BENCH_DISK
// (default the system's temp folder, on a real disk, where it costs what the disk makes it cost).
// Then a longer run for memory and a loss check: every 2xx answer must have its file and its index
// line. BENCH_SECONDS (default 1.5) per run, BENCH_ROUNDS (default 10), memory run 15 s
// (BENCH_LONG=1: 60 s).
import { mkdtempSync, readFileSync, rmSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'undici';
import { BENCH_DIR, compare, exitWith, inTurns, LONG, QUICK, samplePayload, setting, startBareServer, startListen } from './lib.mjs';

const CONCURRENCY = 50;
const SECONDS = setting('BENCH_SECONDS', 1.5, 0.3);
const ROUNDS = setting('BENCH_ROUNDS', 10, 2);
const LONG_SECONDS = LONG ? 60 : QUICK ? 2 : 15;
const WARM_UP_SECONDS = QUICK ? 0.3 : 2;
const MEMORY_WARM_UP_SECONDS = QUICK ? 0.3 : 3;
const payload = Buffer.from(JSON.stringify(samplePayload()));

const BENCH_DISK = process.env.BENCH_DISK || os.tmpdir();
const LISTEN_ARGS = { ours: [], 'ours --no-fsync': ['--no-fsync'] };
const start = (kind, dir) => (kind in LISTEN_ARGS ? startListen(dir, LISTEN_ARGS[kind]) : startBareServer(kind, dir));

const rssKiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);

/** Keeps CONCURRENCY POSTs in flight for `seconds`; returns answers per second and the acknowledged seqs. */
async function load(port, seconds, onTick) {
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: CONCURRENCY, pipelining: 1 });
  const acked = [];
  let ok = 0;
  let failed = 0;
  const t0 = performance.now();
  const until = t0 + seconds * 1000;
  let nextTick = t0 + 1000;
  const worker = async () => {
    while (performance.now() < until) {
      try {
        const res = await pool.request({ path: '/', method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });
        const text = await res.body.text();
        if (res.statusCode >= 200 && res.statusCode < 300) {
          ok++;
          const seq = /"seq":(\d+)/.exec(text)?.[1];
          if (seq) acked.push(Number(seq));
        } else failed++;
      } catch {
        failed++;
      }
      if (onTick && performance.now() >= nextTick) {
        nextTick += 1000;
        onTick();
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const secs = (performance.now() - t0) / 1000;
  await pool.close();
  return { rps: ok / secs, ok, failed, acked };
}

/** Every acknowledged seq must have its index line and its file, complete. */
function lost(dir, acked) {
  const lines = readFileSync(path.join(dir, 'index.ndjson'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const bySeq = new Map(lines.map((e) => [e.seq, e]));
  const files = new Set(readdirSync(dir));
  let missing = 0;
  for (const seq of acked) {
    const e = bySeq.get(seq);
    if (!e || !files.has(e.file) || statSync(path.join(dir, e.file)).size !== e.bytes) missing++;
  }
  return missing;
}

const KINDS = ['ours', 'fsync', 'ours --no-fsync', 'disk'];

/** The four servers side by side in `root`, in turns; returns whether the targets were met and what was lost. */
async function throughputIn(root) {
  const dirs = Object.fromEntries(KINDS.map((k) => [k, mkdtempSync(path.join(root, `bench-listen-${k.replace(/\W+/g, '-')}-`))]));
  const servers = {};
  const acked = { ours: [], 'ours --no-fsync': [] };
  let failedTotal = 0;
  let rps;
  console.log(`captures in ${root}, ${ROUNDS} rounds of ${SECONDS} s each, ${CONCURRENCY} concurrent POSTs`);
  try {
    for (const kind of KINDS) servers[kind] = await start(kind, dirs[kind]);
    for (const kind of KINDS) await load(servers[kind].port, WARM_UP_SECONDS); // JIT, connections
    const run = (kind) => async () => {
      const got = await load(servers[kind].port, SECONDS);
      if (kind in acked) {
        acked[kind].push(...got.acked);
        failedTotal += got.failed;
      }
      return got.rps;
    };
    rps = await inTurns(ROUNDS, Object.fromEntries(KINDS.map((k) => [k, run(k)])));
  } finally {
    for (const server of Object.values(servers)) await server.stop();
  }
  const lostTotal = lost(dirs.ours, acked.ours) + lost(dirs['ours --no-fsync'], acked['ours --no-fsync']);
  for (const d of Object.values(dirs)) rmSync(d, { recursive: true, force: true });
  const vs = (ours, yard) => ({ ours: rps[ours], yard: rps[yard], yardName: `bare ${yard}`, unit: 'req/s', higherIsBetter: true });
  const ok = [
    compare(`durable listen vs bare-server MODE=fsync, in ${root} (requests per second)`, { ...vs('ours', 'fsync'), target: 0.9 }),
    compare(`listen --no-fsync vs bare-server MODE=disk, in ${root} (requests per second)`, { ...vs('ours --no-fsync', 'disk'), target: 0.8 }),
  ].every(Boolean);
  const count = acked.ours.length + acked['ours --no-fsync'].length;
  console.log(`listen lost deliveries (2xx without file + index line): ${lostTotal} of ${count} acknowledged,`);
  console.log(`  non-2xx answers: ${failedTotal} ${lostTotal === 0 ? 'ok' : 'MISSED'}`);
  return { ok, lostTotal };
}

const places = [...new Set([BENCH_DIR, BENCH_DISK])];
const results = [];
for (const root of places) results.push(await throughputIn(root));
const okThroughput = results.every((r) => r.ok);
const lostTotal = results.reduce((n, r) => n + r.lostTotal, 0);

// Memory: RSS after a warm-up versus at the end of a longer run under the same load.
const dir = mkdtempSync(path.join(BENCH_DIR, 'bench-listen-mem-'));
let okMemory = false;
let missingInMemoryRun = -1;
try {
  const server = await start('ours', dir);
  await load(server.port, MEMORY_WARM_UP_SECONDS);
  const rssStart = rssKiB(server.child.pid);
  let rssMax = rssStart;
  const trail = [];
  let ticks = 0;
  const r = await load(server.port, LONG_SECONDS, () => {
    const now = rssKiB(server.child.pid);
    rssMax = Math.max(rssMax, now);
    if (++ticks % 10 === 0 && trail.length < ticks / 10) trail.push(Math.round(now / 1024));
  });
  const rssEnd = rssKiB(server.child.pid);
  await server.stop();
  missingInMemoryRun = lost(dir, r.acked);
  okMemory = rssEnd <= rssStart * 1.25 + 8192;
  console.log(`listen memory over ${LONG_SECONDS} s (${r.ok} deliveries, ${Math.round(r.rps)} req/s):`);
  console.log(`  RSS ${Math.round(rssStart / 1024)} MiB after warm-up, ${Math.round(rssEnd / 1024)} MiB at the end, max ${Math.round(rssMax / 1024)} MiB`);
  console.log(`  every 10 s: ${trail.join(' ') || '-'} MiB ${okMemory ? 'ok' : 'MISSED'}; ${missingInMemoryRun} lost ${missingInMemoryRun === 0 ? 'ok' : 'MISSED'}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
exitWith(okThroughput && okMemory, lostTotal === 0 && missingInMemoryRun === 0);
