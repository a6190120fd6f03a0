// `diff`: two ~5 MB payloads that differ in a few hundred places, `diff a b --format json` as a whole
// process, against a node process that only reads and JSON.parses both files, alternating runs.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { alternate, BIN, report, ROOT, SHARED_BENCH, timeProcess } from './lib.mjs';

const dir = path.join(ROOT, '.bench', `diff-${process.pid}`);
mkdirSync(dir, { recursive: true });
const rounds = Number(process.env.ROUNDS ?? 11);

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

// The support page's example payload, grown with a long work-order history to ~5 MB.
const base = JSON.parse(readFileSync(path.join(SHARED_BENCH, 'payload.json'), 'utf8'));
const a = { ...base, record: { ...base.record, history: Array.from({ length: 15500 }, (_, i) => item(i)) } };
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

const parseBoth = `const fs=require('fs');JSON.parse(fs.readFileSync(process.argv[1],'utf8'));JSON.parse(fs.readFileSync(process.argv[2],'utf8'));`;
try {
  const check = await timeProcess(process.execPath, [BIN, 'diff', fa, fb, '--format', 'json']);
  if (check.code !== 1) throw new Error(`diff exited ${check.code}: ${check.stderr}`);
  console.log(`differences found: ${JSON.parse(check.stdout).changes.length}`);
  const times = await alternate(rounds, {
    ours: async () => (await timeProcess(process.execPath, [BIN, 'diff', fa, fb, '--format', 'json'])).ms,
    pretty: async () => (await timeProcess(process.execPath, [BIN, 'diff', fa, fb])).ms,
    parse: async () => (await timeProcess(process.execPath, ['-e', parseBoth, fa, fb])).ms,
  });
  const ok = report('diff --format json, 2 x 5 MB', { ours: times.ours, yard: times.parse, yardName: 'JSON.parse both', target: 2 });
  const okPretty = report('diff (pretty), 2 x 5 MB', { ours: times.pretty, yard: times.parse, yardName: 'JSON.parse both', target: 2 });
  process.exitCode = ok && okPretty ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
