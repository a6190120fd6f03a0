// Shared by the benchmarks: time whole processes, alternate ours with the yardstick, report ratios.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin/coperniq-hooks.js');
export const SHARED_BENCH = path.resolve(ROOT, process.env.SHARED_BENCH ?? '../shared/bench');

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

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Alternates `ours` and each yardstick `rounds` times (so drift hits both alike) and returns
 * the median ms of each. Every function returns the ms of one run.
 */
export async function alternate(rounds, runs) {
  const times = Object.fromEntries(Object.keys(runs).map((k) => [k, []]));
  for (let i = 0; i < rounds; i++) {
    for (const [name, fn] of Object.entries(runs)) times[name].push(await fn(i));
  }
  return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
}

/** One result line: `name: ours X vs yardstick Y = ratio R (target T) ok|MISSED`. */
export function report(name, figure) {
  const { ours, yard, yardName, unit = 'ms', ratio, target, higherIsBetter = false } = figure;
  const r = ratio ?? ours / yard;
  const ok = higherIsBetter ? r >= target : r <= target;
  const line = `${name}: ours ${fmt(ours)} ${unit} vs ${yardName} ${fmt(yard)} ${unit} = ${r.toFixed(2)}x (target ${higherIsBetter ? '>=' : '<='} ${target}x) ${ok ? 'ok' : 'MISSED'}`;
  console.log(line);
  return ok;
}

const fmt = (n) => (n >= 100 ? Math.round(n).toString() : n.toFixed(1));
