// `validate` on many payload files against the parse floor (read + JSON.parse, no schema) and
// against ajv-cli with the JSON Schema our `schema` command prints; `--version` against `node -e 0`.
// Whole processes, in turns. Targets (issue 2): <= 2x the floor, <= 0.5x ajv-cli, --version <= 1.5x.
// BENCH_FILES (default 10,000), BENCH_ROUNDS (default 9).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, compare, exitWith, inTurns, ROOT, setting, timeOk, timeProcess, yardstick } from './lib.mjs';

const N = setting('BENCH_FILES', 10_000, 200);
const ROUNDS = setting('BENCH_ROUNDS', 9, 2);
const work = mkdtempSync(path.join(os.tmpdir(), 'bench-validate-'));
try {
  const dir = path.join(work, 'payloads');
  writePayloads(dir);
  const schemaFile = path.join(work, 'schema.json');
  writeFileSync(schemaFile, (await timeProcess(process.execPath, [BIN, 'schema'])).stdout);
  const ajv = path.join(ROOT, 'node_modules/.bin/ajv');
  const node = (what, args) => () => timeOk(what, process.execPath, args);

  console.log(`${N} files, ${ROUNDS} rounds, in turns`);
  const pretty = await inTurns(ROUNDS, {
    ours: node('validate', [BIN, 'validate', dir]),
    floor: node('parse-each', [yardstick('parse-each.mjs'), dir]),
    ajv: () => timeOk('ajv-cli', ajv, ['validate', '--spec=draft2020', '-c', 'ajv-formats', '-s', schemaFile, '-d', `${dir}/*.json`]),
  });
  const json = await inTurns(ROUNDS, {
    ours: node('validate --format json', [BIN, 'validate', dir, '--format', 'json']),
    floor: node('parse-each', [yardstick('parse-each.mjs'), dir]),
  });
  const version = await inTurns(ROUNDS * 4, {
    ours: node('--version', [BIN, '--version']),
    node: node('node -e 0', ['-e', '0']),
  });
  const ok = [
    compare(`validate ${N} files (pretty)`, { ours: pretty.ours, yard: pretty.floor, yardName: 'parse-each', target: 2 }),
    compare(`validate ${N} files (json)`, { ours: json.ours, yard: json.floor, yardName: 'parse-each', target: 2 }),
    compare(`validate ${N} files vs ajv-cli`, { ours: pretty.ours, yard: pretty.ajv, yardName: 'ajv-cli', target: 0.5 }),
    compare('--version', { ours: version.ours, yard: version.node, yardName: 'node -e 0', target: 1.5 }),
  ];
  exitWith(ok.every(Boolean));
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** N payloads cycling through the bundled samples, each with its own event id. */
function writePayloads(dir) {
  const samplesDir = path.join(ROOT, 'samples');
  const samples = readdirSync(samplesDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(path.join(samplesDir, f), 'utf8')));
  mkdirSync(dir);
  for (let i = 0; i < N; i++) {
    const p = structuredClone(samples[i % samples.length]);
    p.event.eventId += i;
    writeFileSync(path.join(dir, `${String(i).padStart(6, '0')}.json`), JSON.stringify(p));
  }
}
