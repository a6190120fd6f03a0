// validate on 10,000 payload files vs the parse floor (read + JSON.parse, no schema) and vs ajv-cli
// with the JSON Schema our `schema` command prints; and `--version` vs `node -e 0`. Whole processes,
// alternated, medians. Targets (issue 2): <= 2x the floor (aim 1.5x), <= 0.5x ajv-cli, --version <= 1.5x.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, ROOT, SHARED_BENCH, alternate, report, timeProcess } from './lib.mjs';

const N = Number(process.env.BENCH_FILES ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-validate-'));
try {
  const samples = readdirSync(path.join(ROOT, 'samples')).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(path.join(ROOT, 'samples', f), 'utf8')));
  for (let i = 0; i < N; i++) {
    const p = structuredClone(samples[i % samples.length]);
    p.event.eventId += i;
    writeFileSync(path.join(dir, `${String(i).padStart(6, '0')}.json`), JSON.stringify(p));
  }
  const schemaFile = path.join(os.tmpdir(), `bench-validate-schema-${process.pid}.json`);
  writeFileSync(schemaFile, (await timeProcess(process.execPath, [BIN, 'schema'])).stdout);
  const ajv = path.join(ROOT, 'node_modules/.bin/ajv');

  const check = (r, name) => {
    if (r.code !== 0) throw new Error(`${name} exited ${r.code}: ${r.stderr.slice(0, 500)}`);
    return r.ms;
  };
  console.log(`${N} files, ${ROUNDS} rounds each, alternating`);
  const t = await alternate(ROUNDS, {
    ours: async () => check(await timeProcess(process.execPath, [BIN, 'validate', dir]), 'validate'),
    floor: async () => check(await timeProcess(process.execPath, [path.join(SHARED_BENCH, 'parse-floor.mjs'), dir]), 'parse-floor'),
    ajv: async () => check(await timeProcess(ajv, ['validate', '--spec=draft2020', '-c', 'ajv-formats', '-s', schemaFile, '-d', `${dir}/*.json`]), 'ajv-cli'),
  });
  const json = await alternate(ROUNDS, {
    ours: async () => check(await timeProcess(process.execPath, [BIN, 'validate', dir, '--format', 'json']), 'validate --format json'),
    floor: async () => check(await timeProcess(process.execPath, [path.join(SHARED_BENCH, 'parse-floor.mjs'), dir]), 'parse-floor'),
  });
  const v = await alternate(ROUNDS * 4, {
    ours: async () => check(await timeProcess(process.execPath, [BIN, '--version']), '--version'),
    node: async () => check(await timeProcess(process.execPath, ['-e', '0']), 'node -e 0'),
  });
  rmSync(schemaFile, { force: true });
  const ok = [
    report('validate (pretty) vs parse floor', { ours: t.ours, yard: t.floor, yardName: 'parse-floor.mjs', target: 2 }),
    report('validate (json) vs parse floor', { ours: json.ours, yard: json.floor, yardName: 'parse-floor.mjs', target: 2 }),
    report('validate vs ajv-cli', { ours: t.ours, yard: t.ajv, yardName: 'ajv-cli', target: 0.5 }),
    report('--version vs node -e 0', { ours: v.ours, yard: v.node, yardName: 'node -e 0', target: 1.5 }),
  ];
  process.exitCode = ok.every(Boolean) ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
