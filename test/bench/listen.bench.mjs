// `listen` against the bare node:http disk server: 50 concurrent POSTs of the support page's payload,
// both writing to tmpfs, runs alternated. Then a longer run for memory and a loss check: every 2xx
// answer must have its file and its index line.
// BENCH_SECONDS (default 1.5) per throughput run, BENCH_ROUNDS (default 10), BENCH_LONG=1 for a
// one-minute memory run (default 15 s).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { Pool } from 'undici';
import { BIN, ROOT, SHARED_BENCH, median, report } from './lib.mjs';

const CONCURRENCY = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 1.5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const LONG_SECONDS = process.env.BENCH_LONG ? 60 : 15;
const TMPFS = process.env.BENCH_TMPFS ?? '/dev/shm';
const payload = readFileSync(path.join(SHARED_BENCH, 'payload.json'));

function start(kind, dir) {
  const [args, env, ready] =
    kind === 'ours'
      ? [[BIN, 'listen', '--port', '0', '--dir', dir], {}, /listening on http:\/\/127\.0\.0\.1:(\d+)/]
      : [[path.join(SHARED_BENCH, 'bare-server.mjs')], { MODE: 'disk', DIR: dir, PORT: '0' }, /listening (\d+)/];
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  return new Promise((resolve, reject) => {
    const onData = (d) => {
      text += d;
      const m = ready.exec(text);
      if (m) {
        child.stdout.off('data', onData);
        child.stderr.off('data', onData);
        // Keep draining so a full pipe never stalls the server.
        child.stdout.resume();
        child.stderr.resume();
        resolve({ child, port: Number(m[1]), stop: () => new Promise((r) => (child.once('close', r), child.kill('SIGTERM'))) });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('close', (code) => reject(new Error(`${kind} exited ${code} before ready:\n${text}`)));
  });
}

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

// Both servers stay up, each on its own tmpfs folder; short runs alternate between them (order
// flipped every round) so the noise of a shared machine falls on both alike.
const dirs = { ours: mkdtempSync(path.join(TMPFS, 'listen-bench-ours-')), bare: mkdtempSync(path.join(TMPFS, 'listen-bench-bare-')) };
const servers = { ours: await start('ours', dirs.ours), bare: await start('bare', dirs.bare) };
const rps = { ours: [], bare: [] };
const ratios = [];
const acked = [];
let failedTotal = 0;
try {
  for (const kind of ['ours', 'bare']) await load(servers[kind].port, 2); // warm-up: JIT, connections
  for (let i = 0; i < ROUNDS; i++) {
    const order = i % 2 ? ['bare', 'ours'] : ['ours', 'bare'];
    const got = {};
    for (const kind of order) got[kind] = await load(servers[kind].port, SECONDS);
    rps.ours.push(got.ours.rps);
    rps.bare.push(got.bare.rps);
    ratios.push(got.ours.rps / got.bare.rps);
    acked.push(...got.ours.acked);
    failedTotal += got.ours.failed;
    console.log(`  round ${i + 1}: listen ${Math.round(got.ours.rps)} req/s, bare disk ${Math.round(got.bare.rps)} req/s (${ratios.at(-1).toFixed(2)}x)`);
  }
} finally {
  await servers.ours.stop();
  await servers.bare.stop();
}
const lostTotal = lost(dirs.ours, acked);
for (const d of Object.values(dirs)) rmSync(d, { recursive: true, force: true });
const okThroughput = report('listen throughput, 50 concurrent POSTs (median of rounds)', {
  ours: median(rps.ours),
  yard: median(rps.bare),
  yardName: 'bare-server MODE=disk',
  unit: 'req/s',
  ratio: median(ratios),
  target: 0.8,
  higherIsBetter: true,
});
console.log(`listen lost deliveries (2xx without file + index line): ${lostTotal} of ${acked.length} acknowledged, non-2xx answers: ${failedTotal} ${lostTotal === 0 ? 'ok' : 'MISSED'}`);

// Memory: RSS after a warm-up versus at the end of a longer run under the same load.
const dir = mkdtempSync(path.join(TMPFS, 'listen-bench-mem-'));
let okMemory = false;
try {
  const server = await start('ours', dir);
  await load(server.port, 3);
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
  const missing = lost(dir, r.acked);
  okMemory = rssEnd <= rssStart * 1.25 + 8192 && missing === 0;
  console.log(
    `listen memory over ${LONG_SECONDS} s (${r.ok} deliveries, ${Math.round(r.rps)} req/s): RSS ${Math.round(rssStart / 1024)} MiB after warm-up, ${Math.round(rssEnd / 1024)} MiB at the end (max ${Math.round(rssMax / 1024)} MiB; every 10 s: ${trail.join(' ')}), ${missing} lost ${okMemory ? 'ok' : 'MISSED'}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exitCode = okThroughput && lostTotal === 0 && okMemory ? 0 : 1;
