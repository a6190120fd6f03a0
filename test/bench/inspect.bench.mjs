// The inspector on a capture directory of many deliveries (issue 10, "Benchmarks"), in turns with
// yardsticks: the first page from a cold start against a script that reads index.ndjson for its
// newest entries; a warm GET /api/deliveries against that same script; a search of every body
// against a script that reads every body; the inspector's RSS, which must not grow with bodies.
// Then `listen` with its inspector: the lag from a delivery's 2xx to its SSE event while listen
// takes RATE deliveries a second, and listen's throughput with the inspector (a page connected)
// against listen --no-ui.
// BENCH_DELIVERIES (default 100,000), BENCH_ROUNDS (default 5), BENCH_DIR (default /dev/shm),
// BENCH_SECONDS (default 5) of live load at BENCH_RATE (default 200) deliveries a second.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Pool, request } from 'undici';
import { fillCaptureDir, followDeliveries } from './inspectorLib.mjs';
import { BENCH_DIR, BIN, compare, exitWith, inTurns, median, samplePayload, setting, startUntil, timeOk, yardstick } from './lib.mjs';

const N = setting('BENCH_DELIVERIES', 100_000, 1_000);
const ROUNDS = setting('BENCH_ROUNDS', 5, 2);
const SECONDS = setting('BENCH_SECONDS', 5, 1);
const RATE = setting('BENCH_RATE', 200, 50);
const work = mkdtempSync(path.join(BENCH_DIR, 'bench-inspect-'));

const statusKiB = (pid, field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
const mib = (kib) => Math.round(kib / 1024);

async function startInspect(dir) {
  const ins = await startUntil([BIN, 'inspect', dir, '--port', '0', '--json'], /"inspectorUrl":"([^"]+)"/);
  const u = new URL(ins.match[1]);
  const get = async (target) => {
    const t0 = performance.now();
    const res = await request(`${u.origin}${target}`, { headers: { authorization: `Bearer ${u.searchParams.get('token')}` } });
    const body = await res.body.json();
    if (res.statusCode !== 200) throw new Error(`${target} answered ${res.statusCode}: ${JSON.stringify(body)}`);
    return { ms: performance.now() - t0, body };
  };
  return { ...ins, get };
}

/** Every page of a search, following the cursor; the deliveries found and the time it took. */
async function searchAll(ins, needle) {
  const t0 = performance.now();
  let found = 0;
  let before = '';
  for (;;) {
    const { body } = await ins.get(`/api/deliveries?q=${encodeURIComponent(needle)}&limit=500${before}`);
    found += body.deliveries.length;
    if (body.next === null) return { ms: performance.now() - t0, found };
    before = `&before=${body.next}`;
  }
}

try {
  const dir = path.join(work, 'captures');
  await fillCaptureDir(dir, N, work);
  console.log(`${N} deliveries in ${work}, ${ROUNDS} rounds, in turns`);
  const floor = () => timeOk('index-newest', process.execPath, [yardstick('index-newest.mjs'), dir]);

  const cold = await inTurns(ROUNDS, {
    ours: async () => {
      const t0 = performance.now();
      const ins = await startInspect(dir);
      await ins.get('/api/deliveries');
      const ms = performance.now() - t0;
      await ins.stop();
      return ms;
    },
    floor,
  });

  const ins = await startInspect(dir);
  let rss;
  let search;
  let warm;
  try {
    await ins.get('/api/deliveries');
    const loaded = statusKiB(ins.child.pid, 'VmRSS');
    warm = await inTurns(ROUNDS, { ours: async () => (await ins.get('/api/deliveries')).ms, floor });
    const other = {};
    for (const [name, target] of [['filtered', '/api/deliveries?trigger=TASK_CREATED&verdict=valid'], ['deep page', `/api/deliveries?before=${Math.floor(N / 2)}`], ['one record', '/api/deliveries?record=10007'], ['detail', '/api/deliveries/7']]) {
      const times = [];
      for (let i = 0; i < ROUNDS; i++) times.push((await ins.get(target)).ms);
      other[name] = median(times);
    }
    console.log(`warm GET latency, median ms: ${Object.entries(other).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`);
    const needle = `"Home ${Math.floor(N / 3)}"`;
    search = await inTurns(Math.min(ROUNDS, 3), {
      ours: async () => {
        const r = await searchAll(ins, needle);
        if (r.found !== 1) throw new Error(`search found ${r.found}, expected 1`);
        return r.ms;
      },
      floor: () => timeOk('search-bodies', process.execPath, [yardstick('search-bodies.mjs'), dir, needle]),
    });
    rss = { loaded, after: statusKiB(ins.child.pid, 'VmRSS'), peak: statusKiB(ins.child.pid, 'VmHWM') };
  } finally {
    await ins.stop();
  }
  const live = await liveLag();
  const overhead = await listenOverhead();
  const ok = [
    compare(`first page of ${N} deliveries from a cold start`, { ours: cold.ours, yard: cold.floor, yardName: 'index-newest', target: 1.5 }),
    compare(`GET /api/deliveries on ${N} deliveries, warm`, { ours: warm.ours, yard: warm.floor, yardName: 'index-newest', target: 0.1 }),
    compare(`search every body of ${N} deliveries (all pages)`, { ours: search.ours, yard: search.floor, yardName: 'search-bodies', target: 2 }),
    compare('listen throughput with its inspector and a page open', { ours: overhead.ui, yard: overhead.noUi, yardName: 'listen no-ui', unit: 'req/s', target: 0.9, higherIsBetter: true }),
  ];
  // Bodies are never kept: a search through all of them must leave the RSS where loading left it.
  const flat = rss.after - rss.loaded < 64 * 1024;
  console.log(`inspector RSS with ${N} deliveries: ${mib(rss.loaded)} MiB loaded, ${mib(rss.after)} MiB after searching every body, peak ${mib(rss.peak)} MiB (target < 250 MiB, < 64 MiB growth) ${rss.peak < 250 * 1024 && flat ? 'ok' : 'MISSED'}`);
  const lagOk = live.missing === 0 && live.p95 < 500;
  console.log(`live lag, 2xx to SSE event, ${live.count} deliveries at ${RATE}/s: p50 ${live.p50.toFixed(1)} ms, p95 ${live.p95.toFixed(1)} ms, max ${live.max.toFixed(1)} ms, ${live.missing} never arrived (target p95 < 500 ms) ${lagOk ? 'ok' : 'MISSED'}`);
  exitWith(ok.every(Boolean) && rss.peak < 250 * 1024 && flat && lagOk, live.missing === 0);
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** `listen --ui-port 0 --json` with an SSE client on its inspector; resolves with both ends. */
async function listenWithPage(dir, args = []) {
  const listen = await startUntil([BIN, 'listen', '--port', '0', '--dir', dir, '--json', ...args], /"type":"ready","url":"http:\/\/127\.0\.0\.1:(\d+)\/"[^\n]*?(?:"inspectorUrl":"([^"]+)")?\}/);
  const port = Number(listen.match[1]);
  if (!listen.match[2]) return { listen, port, arrivals: null, close: () => listen.stop() };
  const u = new URL(listen.match[2]);
  const arrivals = new Map();
  const sse = await followDeliveries(u, arrivals);
  return { listen, port, arrivals, close: async () => (sse.destroy(), await listen.stop()) };
}

/** RATE deliveries a second for SECONDS; each 2xx's time against its SSE event's. */
async function liveLag() {
  const l = await listenWithPage(mkdtempSync(path.join(work, 'live-')));
  const pool = new Pool(`http://127.0.0.1:${l.port}`, { connections: 16 });
  const acked = new Map();
  const body = JSON.stringify(samplePayload());
  try {
    const total = Math.round(RATE * SECONDS);
    const t0 = performance.now();
    const sent = [];
    for (let i = 0; i < total; i++) {
      const due = t0 + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      sent.push(pool.request({ path: '/', method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(async (res) => {
        const text = await res.body.text();
        acked.set(Number(/"seq":(\d+)/.exec(text)?.[1]), performance.now());
      }));
    }
    await Promise.all(sent);
    // Give the last events the same half second the target allows, then count what never came.
    await new Promise((r) => setTimeout(r, 500));
  } finally {
    await pool.close();
    await l.close();
  }
  const lags = [...acked].filter(([seq]) => l.arrivals.has(seq)).map(([seq, at]) => Math.max(0, l.arrivals.get(seq) - at)).sort((a, b) => a - b);
  const pct = (p) => lags[Math.min(lags.length - 1, Math.floor((p / 100) * lags.length))] ?? NaN;
  return { count: acked.size, missing: acked.size - lags.length, p50: pct(50), p95: pct(95), max: lags.at(-1) ?? NaN };
}

/** Requests a second for SECONDS with 50 in flight: listen with its inspector and a page, and --no-ui. */
async function listenOverhead() {
  const rate = async (args) => {
    const l = await listenWithPage(mkdtempSync(path.join(work, 'tp-')), args);
    const pool = new Pool(`http://127.0.0.1:${l.port}`, { connections: 50 });
    const body = JSON.stringify(samplePayload());
    let ok = 0;
    const until = performance.now() + SECONDS * 1000;
    try {
      await Promise.all(Array.from({ length: 50 }, async () => {
        while (performance.now() < until) {
          const res = await pool.request({ path: '/', method: 'POST', headers: { 'content-type': 'application/json' }, body });
          await res.body.dump();
          if (res.statusCode === 200) ok++;
        }
      }));
    } finally {
      await pool.close();
      await l.close();
    }
    return ok / SECONDS;
  };
  return inTurns(ROUNDS, { ui: () => rate(['--ui-port', '0']), noUi: () => rate(['--no-ui']) });
}
