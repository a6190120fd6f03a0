// Shared by the benchmarks: settings, whole-process timing, runs in turns, and the report lines.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '../..');
export const BIN = path.join(ROOT, 'bin/coperniq-hooks.js');

/** A yardstick program kept beside the benchmarks (test/bench/yardsticks/). */
export const yardstick = (name) => path.join(HERE, 'yardsticks', name);

/** The support page's example payload, as bundled in samples/, parsed. */
export const samplePayload = () => JSON.parse(readFileSync(path.join(ROOT, 'samples/PROJECT_MOVEMENT.json'), 'utf8'));

/**
 * N payload files (`000000.json` ...) cycling through the bundled samples, each with its own event
 * id: what `validate` reads in its benchmarks.
 */
export function writeSamplePayloads(dir, n) {
  const samplesDir = path.join(ROOT, 'samples');
  const samples = readdirSync(samplesDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(path.join(samplesDir, f), 'utf8')));
  mkdirSync(dir);
  for (let i = 0; i < n; i++) {
    const p = structuredClone(samples[i % samples.length]);
    p.event.eventId += i;
    writeFileSync(path.join(dir, `${String(i).padStart(6, '0')}.json`), JSON.stringify(p));
  }
}

/** BENCH_QUICK=1 (`npm run bench -- --quick`): tiny sizes, to check that a benchmark runs at all. */
export const QUICK = process.env.BENCH_QUICK === '1';
export const LONG = process.env.BENCH_LONG === '1';
/**
 * BENCH_COUNT=1: also run each side once under valgrind's callgrind and compare the instructions
 * executed, a figure the load of a shared machine does not move (wall-clock ratios swing with it).
 */
export const COUNT = process.env.BENCH_COUNT === '1';

/** Where capture directories go: BENCH_DIR, else a tmpfs (/dev/shm) when there is one. */
export const BENCH_DIR = process.env.BENCH_DIR || (existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir());

/**
 * A numeric setting: the environment variable when set, else the quick or the full default. A
 * value that is not a positive number ends the benchmark with a line saying so (exit 2).
 */
export function setting(name, full, quick) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return QUICK ? quick : full;
  const n = Number(raw);
  if (Number.isFinite(n) && n > 0) return n;
  console.error(`${name} must be a positive number, not ${JSON.stringify(raw)}`);
  process.exit(2);
}

/** Runs a command to completion; resolves with wall time in ms, exit code and output. */
export function timeProcess(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd: opts.cwd ?? ROOT, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: performance.now() - t0, code, stdout, stderr }));
  });
}

/** Times a process that must exit 0; throws with its stderr otherwise. */
export async function timeOk(what, cmd, args, opts) {
  const r = await timeProcess(cmd, args, opts);
  if (r.code !== 0) throw new Error(`${what} exited ${r.code}: ${r.stderr.slice(0, 500)}`);
  return r.ms;
}

/**
 * Runs each of `runs` once per round, in turns (A B, B A, A B ...), so that the drift of a shared
 * machine falls on every side alike. Each function returns one figure; resolves with every figure
 * per side.
 */
export async function inTurns(rounds, runs) {
  const entries = Object.entries(runs);
  const figures = Object.fromEntries(entries.map(([k]) => [k, []]));
  for (let i = 0; i < rounds; i++) {
    // Each round starts with the next one: whatever the one before leaves running (a server's
    // GC and compiler threads, a client's sockets closing) falls on each in turn, not always on one.
    for (let j = 0; j < entries.length; j++) {
      const [name, run] = entries[(i + j) % entries.length];
      figures[name].push(await run(i));
    }
  }
  return figures;
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const spread = (xs) => ({ min: Math.min(...xs), median: median(xs), max: Math.max(...xs) });

/**
 * Prints one comparison and returns whether it met its target:
 *
 *   validate 10,000 files (pretty)
 *     ours          min    812  median    830  max    905  ms
 *     parse-each    min    450  median    470  max    520  ms
 *     ratio         min   1.71  median   1.77  max   1.80  x  target <= 2: ok
 *
 * `ours` and `yard` hold the figures of the same rounds; the ratio is taken round by round (a pair
 * measured side by side), as ours / yardstick, or yardstick / ours with `inverse` (speed from times).
 */
export function compare(title, { ours, yard, yardName, unit = 'ms', target, higherIsBetter = false, inverse = false }) {
  const ratios = ours.map((o, i) => (inverse ? yard[i] / o : o / yard[i]));
  const r = spread(ratios);
  const ok = higherIsBetter ? r.median >= target : r.median <= target;
  const row = (name, s, digits, u) =>
    `  ${name.padEnd(12).slice(0, 12)}  min ${fmt(s.min, digits)}  median ${fmt(s.median, digits)}  max ${fmt(s.max, digits)}  ${u}`;
  console.log(title);
  console.log(row('ours', spread(ours), 0, unit));
  console.log(row(yardName, spread(yard), 0, unit));
  console.log(`${row(inverse ? 'speed ratio' : 'ratio', r, 2, 'x')}  target ${higherIsBetter ? '>=' : '<='} ${target}: ${ok ? 'ok' : 'MISSED'}`);
  return ok;
}

const fmt = (n, digits) => (digits ? n.toFixed(digits) : String(Math.round(n))).padStart(6);

/**
 * Starts a long-running node program and resolves once its stdout or stderr matches `ready`, with
 * the match, the child, its time to ready in ms and a `stop()` (SIGTERM, then wait for the exit).
 */
export function startUntil(args, ready, env = {}) {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const closed = new Promise((resolve) => child.once('close', resolve));
  const stop = () => (child.exitCode === null && child.signalCode === null && child.kill('SIGTERM'), closed);
  let text = '';
  return new Promise((resolve, reject) => {
    const onData = (d) => {
      text += d;
      const match = ready.exec(text);
      if (!match) return;
      const ms = performance.now() - t0;
      child.stdout.off('data', onData);
      child.stderr.off('data', onData);
      // Keep draining, so that a full pipe never stalls the program.
      child.stdout.resume();
      child.stderr.resume();
      resolve({ child, match, ms, stop });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', reject);
    void closed.then((code) => reject(new Error(`${args.join(' ')} exited ${code} before it was ready:\n${text}`)));
  });
}

/** The bare-server yardstick in MODE=ack, disk or fsync (DIR for the last two); resolves with its port. */
export async function startBareServer(mode, dir) {
  const server = await startUntil([yardstick('bare-server.mjs')], /listening (\d+)/, { MODE: mode, DIR: dir ?? '' });
  return { ...server, port: Number(server.match[1]) };
}

/** `listen --port 0 --dir DIR` until its start-up line; resolves with its port and time to ready. */
export async function startListen(dir, args = []) {
  const server = await startUntil([BIN, 'listen', '--port', '0', '--dir', dir, ...args], /listening on http:\/\/127\.0\.0\.1:(\d+)/);
  return { ...server, port: Number(server.match[1]) };
}

/**
 * Sets the exit code: 1 when something was wrong (a delivery lost, a wrong answer) or a target was
 * missed; under --quick only the first counts, as tiny sizes say nothing about speed.
 */
/**
 * One real delivery captured by `listen`: its index line is the pattern the benchmarks that build
 * big capture directories copy (so their lines are exactly what listen writes).
 */
export async function captureOne(dir, listenArgs = []) {
  const [{ request }, { INDEX_FILE }] = await Promise.all([import('undici'), import('../../dist/core/capture/captureFormat.js')]);
  const listen = await startListen(dir, listenArgs);
  try {
    const res = await request(`http://127.0.0.1:${listen.port}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(samplePayload()) });
    await res.body.dump();
    if (res.statusCode !== 200) throw new Error(`listen answered ${res.statusCode}`);
  } finally {
    await listen.stop();
  }
  return JSON.parse(readFileSync(path.join(dir, INDEX_FILE), 'utf8').split('\n')[0]);
}

export function exitWith(targetsMet, correct = true) {
  process.exitCode = correct && (targetsMet || QUICK) ? 0 : 1;
}

/** Peak RSS in MB of a whole process, from /usr/bin/time -v when present, else /proc VmHWM polling. */
export async function peakRss(args) {
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
    } catch {
      // The process has just exited.
    }
  }, 20);
  const t0 = performance.now();
  const code = await new Promise((r) => child.on('close', r));
  clearInterval(poll);
  return { mb: kb / 1024, code, ms: performance.now() - t0, stdout: '' };
}

/**
 * Instructions one run of a node program executes, counted by callgrind: `total` over all threads,
 * `main` on the main thread alone (V8 compiles and collects garbage on helper threads, which a quiet
 * machine runs beside the main one). Slow (about 50 times the run), so one run per side.
 */
export function countInstructions(what, args, expectCode = 0) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-callgrind-'));
  try {
    const r = spawnSync('valgrind', ['--tool=callgrind', '--separate-threads=yes', `--callgrind-out-file=${dir}/out`, process.execPath, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    if (r.error) throw new Error(`BENCH_COUNT=1 needs valgrind: ${r.error.message}`);
    if (r.status !== expectCode) throw new Error(`${what} under valgrind exited ${r.status}: ${r.stderr.slice(-500)}`);
    let total = 0;
    let main = 0;
    for (const f of readdirSync(dir)) {
      const text = readFileSync(path.join(dir, f), 'utf8');
      const n = Number(/^summary: (\d+)/m.exec(text)?.[1] ?? 0);
      total += n;
      if (/^thread: 1$/m.test(text)) main = n;
    }
    return { total, main };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * With BENCH_COUNT=1, prints the instruction ratio of one run of each side; `ours` and `yard` are
 * [label, args, expected exit code?]. Informative: the targets are wall-clock ratios.
 */
export function compareInstructions(title, { ours, yard, target }) {
  if (!COUNT) return;
  const o = countInstructions(ours[0], ours[1], ours[2]);
  const y = countInstructions(yard[0], yard[1], yard[2]);
  const m = (n) => `${(n / 1e6).toFixed(0).padStart(6)} M`;
  console.log(`${title}: instructions (callgrind, one run each)`);
  console.log(`  ${ours[0].padEnd(12).slice(0, 12)}  all threads ${m(o.total)}  main thread ${m(o.main)}`);
  console.log(`  ${yard[0].padEnd(12).slice(0, 12)}  all threads ${m(y.total)}  main thread ${m(y.main)}`);
  const all = o.total / y.total;
  const main = o.main / y.main;
  console.log(`  ratio         all threads ${all.toFixed(2).padStart(6)} x  main thread ${main.toFixed(2).padStart(6)} x  (target ${target})`);
}
