// What a user waits for before any work: `--version` and `--help` as whole processes against
// `node -e 0` (Node's own start-up, the floor of any node program), in turns. Targets (issue 13):
// --version <= 1.1x, --help <= 1.3x. BENCH_ROUNDS (default 40: each run is a few tens of ms).
import { BIN, compare, compareInstructions, exitWith, inTurns, setting, timeOk } from './lib.mjs';

const ROUNDS = setting('BENCH_ROUNDS', 40, 3);
const node = (what, args) => () => timeOk(what, process.execPath, args);

console.log(`${ROUNDS} rounds, in turns`);
const t = await inTurns(ROUNDS, {
  version: node('--version', [BIN, '--version']),
  help: node('--help', [BIN, '--help']),
  node: node('node -e 0', ['-e', '0']),
});
const ok = [
  compare('--version', { ours: t.version, yard: t.node, yardName: 'node -e 0', target: 1.1 }),
  compare('--help', { ours: t.help, yard: t.node, yardName: 'node -e 0', target: 1.3 }),
];
compareInstructions('--version', { ours: ['--version', [BIN, '--version']], yard: ['node -e 0', ['-e', '0']], target: 1.1 });
compareInstructions('--help', { ours: ['--help', [BIN, '--help']], yard: ['node -e 0', ['-e', '0']], target: 1.3 });
exitWith(ok.every(Boolean));
