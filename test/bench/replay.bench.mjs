// replay vs a plain undici script posting the same 10,000 files at concurrency 50, both timed as
// whole processes against the bare ack server; BENCH_LONG=1 adds the 100,000-file memory check.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { alternate, BIN, report, ROOT, SHARED_BENCH, timeProcess } from './lib.mjs';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const base = JSON.parse(readFileSync(path.join(SHARED_BENCH, 'payload.json'), 'utf8'));

function makeFiles(dir, n) {
  mkdirSync(dir, { recursive: true });
  const t0 = Date.parse('2025-01-21T00:00:00.000Z');
  for (let i = 0; i < n; i++) {
    base.event.eventId = 500000 + i;
    base.event.firedAt = new Date(t0 + i * 1000).toISOString();
    writeFileSync(path.join(dir, `p${String(i).padStart(6, '0')}.json`), JSON.stringify(base));
  }
}

function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(SHARED_BENCH, 'bare-server.mjs')], { env: { ...process.env, MODE: 'ack' }, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (d) => {
      const m = /listening (\d+)/.exec(String(d));
      if (m) resolve({ url: `http://127.0.0.1:${m[1]}/hook`, stop: () => child.kill() });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`bare-server exited ${code}`)));
  });
}

/** Peak RSS in MB of a whole process, from /usr/bin/time -v when present, else /proc VmHWM polling. */
async function peakRss(args) {
  if (existsSync('/usr/bin/time')) {
    const r = await timeProcess('/usr/bin/time', ['-v', process.execPath, ...args]);
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
    return { mb: Number(m[1]) / 1024, code: r.code, ms: r.ms, stdout: r.stdout };
  }
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'ignore'] });
  let kb = 0;
  const poll = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) kb = Math.max(kb, Number(m[1]));
    } catch {}
  }, 20);
  const t0 = performance.now();
  const code = await new Promise((r) => child.on('close', r));
  clearInterval(poll);
  return { mb: kb / 1024, code, ms: performance.now() - t0, stdout: '' };
}

const work = mkdtempSync(path.join(os.tmpdir(), 'replay-bench-'));
const server = await startServer();
let ok = true;
try {
  const dir = path.join(work, 'files');
  makeFiles(dir, 10_000);
  const check = (r, what) => {
    if (r.code !== 0) throw new Error(`${what} exited ${r.code}: ${r.stderr.slice(0, 500)}`);
    return r.ms;
  };
  const t = await alternate(ROUNDS, {
    ours: async () => check(await timeProcess(process.execPath, [BIN, 'replay', dir, '--to', server.url, '--concurrency', '50']), 'replay'),
    floor: async () => check(await timeProcess(process.execPath, [path.join(SHARED_BENCH, 'undici-floor.mjs'), server.url, dir, '50']), 'undici-floor'),
  });
  ok = report('replay 10,000 files, concurrency 50 (speed)', {
    ours: t.ours, yard: t.floor, yardName: 'undici-floor', ratio: t.floor / t.ours, target: 0.8, higherIsBetter: true,
  }) && ok;

  if (process.env.BENCH_LONG === '1') {
    const big = path.join(work, 'big');
    makeFiles(big, 100_000);
    const r = await peakRss([BIN, 'replay', big, '--to', server.url, '--concurrency', '50', '--format', 'json']);
    const summary = r.stdout ? JSON.parse(r.stdout).summary : null;
    const fine = r.code === 0 && (!summary || summary.succeeded === 100_000) && r.mb < 200;
    // For scale: the bare undici script on the same files, which keeps nothing but the file list.
    const floor = await peakRss([path.join(SHARED_BENCH, 'undici-floor.mjs'), server.url, big, '50']);
    console.log(`replay 100,000 files: peak RSS ${r.mb.toFixed(1)} MB in ${(r.ms / 1000).toFixed(1)} s (target < 200 MB; undici-floor ${floor.mb.toFixed(1)} MB) ${fine ? 'ok' : 'MISSED'}`);
    ok = fine && ok;
  } else {
    console.log('replay 100,000 files memory check: skipped (BENCH_LONG=1 runs it)');
  }
} finally {
  server.stop();
  rmSync(work, { recursive: true, force: true });
}
process.exit(ok ? 0 : 1);
