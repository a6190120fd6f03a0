// `npm run bench [-- [--quick] name...]`: runs test/bench/*.bench.mjs, or the named ones (`listen`
// is listen.bench.mjs, `li` every one whose name starts so), one after another, so that no two
// benchmarks compete for the cores. --quick runs each with tiny sizes (BENCH_QUICK=1): it checks
// that they run, not how fast.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const wanted = args.filter((a) => a !== '--quick');
const unknown = wanted.filter((a) => a.startsWith('-'));
const all = readdirSync(here).filter((f) => f.endsWith('.bench.mjs')).sort();
const named = (w) => {
  const exact = all.filter((f) => f === `${w}.bench.mjs`);
  return exact.length ? exact : all.filter((f) => f.startsWith(w));
};
const chosen = wanted.length ? all.filter((f) => wanted.some((w) => named(w).includes(f))) : all;
if (unknown.length || chosen.length === 0) {
  console.error(`${unknown.length ? `unknown option ${unknown[0]}` : `no benchmark matches ${wanted.join(' ')}`}`);
  console.error(`usage: npm run bench -- [--quick] [name...]; names: ${all.map((f) => f.replace('.bench.mjs', '')).join(', ')}`);
  process.exit(2);
}
const env = quick ? { ...process.env, BENCH_QUICK: '1' } : process.env;
const failed = [];
for (const f of chosen) {
  console.log(`\n# ${f}${quick ? ' (quick: tiny sizes, figures mean nothing)' : ''}`);
  const r = spawnSync(process.execPath, [path.join(here, f)], { stdio: 'inherit', env });
  if (r.status !== 0) failed.push(f);
}
if (failed.length) console.error(`\nmissed a target or failed: ${failed.join(', ')}`);
process.exit(failed.length ? 1 : 0);
