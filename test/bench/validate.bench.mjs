// `validate` on many payload files against the parse floor (read + JSON.parse, no schema) and
// against ajv-cli with the JSON Schema our `schema` command prints. Whole processes, in turns.
// Targets (issue 13): <= 1.4x the floor, <= 0.35x ajv-cli.
// BENCH_FILES (default 10,000), BENCH_ROUNDS (default 15).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, compare, compareInstructions, exitWith, inTurns, ROOT, setting, timeOk, timeProcess, writeSamplePayloads, yardstick } from './lib.mjs';

const N = setting('BENCH_FILES', 10_000, 200);
const ROUNDS = setting('BENCH_ROUNDS', 15, 2);
const work = mkdtempSync(path.join(os.tmpdir(), 'bench-validate-'));
try {
  const dir = path.join(work, 'payloads');
  writeSamplePayloads(dir, N);
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
  const ok = [
    compare(`validate ${N} files (pretty)`, { ours: pretty.ours, yard: pretty.floor, yardName: 'parse-each', target: 1.4 }),
    compare(`validate ${N} files (json)`, { ours: json.ours, yard: json.floor, yardName: 'parse-each', target: 1.4 }),
    compare(`validate ${N} files vs ajv-cli`, { ours: pretty.ours, yard: pretty.ajv, yardName: 'ajv-cli', target: 0.35 }),
  ];
  compareInstructions(`validate ${N} files (pretty)`, { ours: ['validate', [BIN, 'validate', dir]], yard: ['parse-each', [yardstick('parse-each.mjs'), dir]], target: 1.4 });
  exitWith(ok.every(Boolean));
} finally {
  rmSync(work, { recursive: true, force: true });
}
