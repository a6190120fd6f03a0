// The inspector's page in Chromium (issue 10, "Benchmarks"), in turns with yardsticks:
// - first paint: from opening the printed URL to the first rows painted, over BENCH_DELIVERIES
//   (default 100,000), against a bare page that fetches the newest index entries and prints them
//   (yardsticks/bare-list-page.mjs); target: under a second, whatever the ratio.
// - live lag: `listen` takes BENCH_RATE (default 200) deliveries a second for BENCH_SECONDS
//   (default 5) with a page open; from each 2xx to its row on the page, against the same
//   delivery's SSE event read by a bare client at the same time; target: p95 under 500 ms.
// Needs Chromium (CHROMIUM_PATH or the PATH).
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Pool } from 'undici';
import { findChromium, launchChromium } from '../../scripts/chromium.mjs';
import { fillCaptureDir, followDeliveries } from './inspectorLib.mjs';
import { BENCH_DIR, BIN, compare, exitWith, inTurns, median, samplePayload, setting, startUntil, yardstick } from './lib.mjs';

const N = setting('BENCH_DELIVERIES', 100_000, 1_000);
const ROUNDS = setting('BENCH_ROUNDS', 5, 2);
const SECONDS = setting('BENCH_SECONDS', 5, 1);
const RATE = setting('BENCH_RATE', 200, 50);

const chromium = findChromium();
if (!chromium) {
  console.error('inspect-page: no Chromium (install Debian\'s chromium, or set CHROMIUM_PATH)');
  process.exit(2);
}
const work = mkdtempSync(path.join(BENCH_DIR, 'bench-inspect-page-'));
const browser = await launchChromium(chromium);

/** Opens `url` in a fresh context (no cache, no cookie) and resolves when rows are painted. */
async function firstPaint(url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const t0 = performance.now();
    await page.goto(url, { waitUntil: 'commit' });
    // A row in the document, then the frame that paints it.
    await page.waitForFunction(() => document.querySelector('.row') && new Promise((r) => requestAnimationFrame(() => r(true))), null, { polling: 'raf', timeout: 60_000 });
    return performance.now() - t0;
  } finally {
    await context.close();
  }
}

async function paintBench() {
  const dir = path.join(work, 'captures');
  await fillCaptureDir(dir, N, work);
  const ins = await startUntil([BIN, 'inspect', dir, '--port', '0', '--json'], /"inspectorUrl":"([^"]+)"/);
  const bare = await startUntil([yardstick('bare-list-page.mjs'), dir, '100'], /listening (\d+)/);
  try {
    // One untimed load each: the inspector reads its index once, Chromium warms up.
    await firstPaint(ins.match[1]);
    await firstPaint(`http://127.0.0.1:${bare.match[1]}/`);
    return await inTurns(ROUNDS, { ours: () => firstPaint(ins.match[1]), bare: () => firstPaint(`http://127.0.0.1:${bare.match[1]}/`) });
  } finally {
    await ins.stop();
    await bare.stop();
  }
}

/** One round of live load: 2xx times, page row times and bare SSE times, per sequence number. */
async function liveRound() {
  const listen = await startUntil([BIN, 'listen', '--port', '0', '--dir', mkdtempSync(path.join(work, 'live-')), '--json', '--ui-port', '0'], /"type":"ready","url":"http:\/\/127\.0\.0\.1:(\d+)\/"[^\n]*?"inspectorUrl":"([^"]+)"/);
  const inspector = new URL(listen.match[2]);
  const acked = new Map();
  const onPage = new Map();
  const onSse = new Map();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const sse = await followDeliveries(inspector, onSse);
  try {
    const page = await context.newPage();
    await page.exposeBinding('rowShown', (_source, seq) => onPage.has(seq) || onPage.set(seq, performance.now()));
    await page.goto(inspector.href);
    await page.locator('.live.live').waitFor();
    // Each new row, reported in the frame after it entered the document (when it is painted).
    await page.evaluate(() => {
      new MutationObserver((records) => {
        const seqs = records.flatMap((r) => [...r.addedNodes].map((n) => Number(n.dataset?.seq)).filter(Boolean));
        requestAnimationFrame(() => seqs.forEach((s) => window.rowShown(s)));
      }).observe(document.querySelector('.list-space'), { childList: true });
    });
    const pool = new Pool(`http://127.0.0.1:${listen.match[1]}`, { connections: 16 });
    const body = JSON.stringify(samplePayload());
    const total = Math.round(RATE * SECONDS);
    const t0 = performance.now();
    const sent = [];
    for (let i = 0; i < total; i++) {
      const wait = t0 + (i * 1000) / RATE - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      sent.push(pool.request({ path: '/', method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(async (res) => {
        const text = await res.body.text();
        acked.set(Number(/"seq":(\d+)/.exec(text)?.[1]), performance.now());
      }));
    }
    await Promise.all(sent);
    await pool.close();
    // Waits for the last rows, up to the half second the target allows.
    const until = performance.now() + 500;
    while (onPage.size < acked.size && performance.now() < until) await new Promise((r) => setTimeout(r, 20));
  } finally {
    sse.destroy();
    await context.close();
    await listen.stop();
  }
  const lags = (seen) => [...acked].filter(([seq]) => seen.has(seq)).map(([seq, at]) => Math.max(0, seen.get(seq) - at)).sort((a, b) => a - b);
  return { count: acked.size, page: lags(onPage), sse: lags(onSse) };
}

const p95 = (xs) => xs[Math.min(xs.length - 1, Math.floor(0.95 * xs.length))] ?? NaN;

try {
  console.log(`${N} deliveries in ${work}, ${ROUNDS} rounds, in turns; live: ${RATE}/s for ${SECONDS} s`);
  const paint = await paintBench();
  const paintOk = compare(`first rows painted, ${N} deliveries, from opening the URL`, { ours: paint.ours, yard: paint.bare, yardName: 'bare page', target: 3 });
  const underSecond = median(paint.ours) < 1000;
  console.log(`  first paint median ${Math.round(median(paint.ours))} ms (target < 1000 ms): ${underSecond ? 'ok' : 'MISSED'}`);

  const rounds = [];
  for (let i = 0; i < Math.min(ROUNDS, 3); i++) rounds.push(await liveRound());
  const missing = rounds.reduce((n, r) => n + r.count - r.page.length, 0);
  const lagOk = compare(`live lag at ${RATE}/s, p95 from 2xx to the row on the page`, { ours: rounds.map((r) => p95(r.page)), yard: rounds.map((r) => p95(r.sse)), yardName: 'SSE event', target: 10 });
  const pageP95 = median(rounds.map((r) => p95(r.page)));
  console.log(`  page p95 median ${Math.round(pageP95)} ms (target < 500 ms), ${missing} rows never shown: ${pageP95 < 500 && missing === 0 ? 'ok' : 'MISSED'}`);
  exitWith(paintOk && underSecond && lagOk && pageP95 < 500, missing === 0);
} finally {
  await browser.close();
  rmSync(work, { recursive: true, force: true });
}
