// `diff`: two ~5.9 MB payloads that differ in a few hundred places, `diff a b --format json` (and the
// pretty report) as whole processes, against the parse-both yardstick, in turns. Target (issue 13):
// <= 1.3x parsing both. BENCH_ITEMS (history items per payload, default 18,200: ~5.9 MB),
// BENCH_ROUNDS (default 21).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, compare, compareInstructions, exitWith, inTurns, samplePayload, setting, timeOk, timeProcess, yardstick } from './lib.mjs';

const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-diff-'));
const rounds = setting('BENCH_ROUNDS', 21, 2);
const items = setting('BENCH_ITEMS', 18_200, 500);

// A deterministic generator, so every run compares the same documents.
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const words = ['Solar', 'Battery Storage', 'Roofing', 'EV Charger', 'Inverter', 'Panel', 'Permit', 'Inspection'];

function item(i) {
  return {
    id: 100000 + i,
    uid: i,
    title: `${pick(words)} work order ${i}`,
    status: pick(['QUEUED', 'ASSIGNED', 'WORKING', 'COMPLETED']),
    createdAt: new Date(1700000000000 + i * 60000).toISOString(),
    updatedAt: new Date(1710000000000 + i * 60000).toISOString(),
    assignee: { id: 7000 + (i % 50), name: `Tech ${i % 50}`, phone: `+1650555${String(i % 10000).padStart(4, '0')}` },
    tags: [pick(words), pick(words)],
    dealValue: Math.round(rand() * 1e6) / 100,
    notes: i % 7 === 0 ? null : `Note ${i}: ${'lorem ipsum '.repeat(3)}`,
  };
}

// The support page's example payload, grown with a long work-order history (~5 MB by default).
const base = samplePayload();
const a = { ...base, record: { ...base.record, history: Array.from({ length: items }, (_, i) => item(i)) } };
const b = structuredClone(a);
const h = b.record.history;
let changed = 0;
for (let k = 0; k < 300; k++) {
  const i = Math.floor(rand() * (h.length - 1));
  const r = k % 5;
  if (r === 0) h[i].status = 'CANCELLED';
  else if (r === 1) h[i].dealValue = String(h[i].dealValue);
  else if (r === 2) delete h[i].notes;
  else if (r === 3) h[i].assignee.name = `Tech ${i} (moved)`;
  else h[i].tags.push('Warranty');
  changed++;
}
b.event = { ...b.event, currentStage: { id: 2015, name: 'Permitting', type: 'PRODUCTION' } };
const fa = path.join(dir, 'a.json');
const fb = path.join(dir, 'b.json');
writeFileSync(fa, JSON.stringify(a));
writeFileSync(fb, JSON.stringify(b));
const mb = (JSON.stringify(a).length / 1e6).toFixed(1);
console.log(`payloads: ${mb} MB each, ${changed} edits`);

try {
  const check = await timeProcess(process.execPath, [BIN, 'diff', fa, fb, '--format', 'json']);
  if (check.code !== 1) throw new Error(`diff exited ${check.code}: ${check.stderr}`);
  console.log(`differences found: ${JSON.parse(check.stdout).changes.length}`);
  // diff exits 1 when it finds differences, which it must here.
  const differs = (what, args) => async () => {
    const r = await timeProcess(process.execPath, args);
    if (r.code !== 1) throw new Error(`${what} exited ${r.code}: ${r.stderr.slice(0, 500)}`);
    return r.ms;
  };
  const times = await inTurns(rounds, {
    ours: differs('diff --format json', [BIN, 'diff', fa, fb, '--format', 'json']),
    pretty: differs('diff', [BIN, 'diff', fa, fb]),
    parse: () => timeOk('parse-both', process.execPath, [yardstick('parse-both.mjs'), fa, fb]),
  });
  const ok = compare(`diff --format json, 2 x ${mb} MB`, { ours: times.ours, yard: times.parse, yardName: 'parse-both', target: 1.3 });
  const okPretty = compare(`diff (pretty), 2 x ${mb} MB`, { ours: times.pretty, yard: times.parse, yardName: 'parse-both', target: 1.3 });
  compareInstructions(`diff --format json, 2 x ${mb} MB`, {
    ours: ['diff', [BIN, 'diff', fa, fb, '--format', 'json'], 1],
    yard: ['parse-both', [yardstick('parse-both.mjs'), fa, fb]],
    target: 1.3,
  });
  exitWith(ok && okPretty);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
