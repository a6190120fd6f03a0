// `listen` starting on a capture directory that already holds many deliveries, timed to its start-up
// line, against the index-event-ids yardstick (read index.ndjson and collect the event ids), in turns.
// BENCH_DELIVERIES (default 100,000; BENCH_LONG=1: 1,000,000), BENCH_ROUNDS (default 5),
// BENCH_DIR (default /dev/shm).
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { request } from 'undici';
import { captureFileName, INDEX_FILE } from '../../dist/core/capture/captureFormat.js';
import { BENCH_DIR, compare, exitWith, inTurns, LONG, samplePayload, setting, startListen, timeOk, yardstick } from './lib.mjs';

const N = setting('BENCH_DELIVERIES', LONG ? 1_000_000 : 100_000, 1_000);
const ROUNDS = setting('BENCH_ROUNDS', 5, 2);
const work = mkdtempSync(path.join(BENCH_DIR, 'bench-listen-start-'));

/** One real delivery captured by `listen`: its index line is the pattern of every generated one. */
async function captureOne(dir) {
  const listen = await startListen(dir);
  try {
    const res = await request(`http://127.0.0.1:${listen.port}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(samplePayload()) });
    await res.body.dump();
    if (res.statusCode !== 200) throw new Error(`listen answered ${res.statusCode}`);
  } finally {
    await listen.stop();
  }
  return JSON.parse(readFileSync(path.join(dir, INDEX_FILE), 'utf8').split('\n')[0]);
}

/** A capture directory of N deliveries, each with its own event id, as `listen` would have left it. */
async function fillCaptureDir(dir) {
  const pattern = await captureOne(path.join(work, 'seed'));
  const payload = samplePayload();
  mkdirSync(dir);
  let lines = [];
  for (let seq = 1; seq <= N; seq++) {
    payload.event.eventId = 500000 + seq;
    const body = JSON.stringify(payload);
    const file = captureFileName(seq, pattern.trigger, payload.event.eventId, true);
    writeFileSync(path.join(dir, file), body);
    const sha256 = createHash('sha256').update(body).digest('hex');
    lines.push(JSON.stringify({ ...pattern, seq, file, eventId: payload.event.eventId, bytes: Buffer.byteLength(body), sha256 }));
    if (lines.length === 10_000 || seq === N) {
      appendFileSync(path.join(dir, INDEX_FILE), `${lines.join('\n')}\n`);
      lines = [];
    }
  }
}

const peakRssMiB = (pid) => Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024);

try {
  const dir = path.join(work, 'captures');
  await fillCaptureDir(dir);
  console.log(`${N} deliveries in ${work}, ${ROUNDS} rounds, in turns`);
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
} finally {
  rmSync(work, { recursive: true, force: true });
}
