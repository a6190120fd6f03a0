// Yardstick for `replay`: a plain undici script that posts every *.json file of DIR once, through one
// Pool of CONCURRENCY connections, reading each file as it goes. Exits 1 if any answer is not 2xx.
//   node post-files.mjs URL DIR [CONCURRENCY=50]
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Pool } from 'undici';

const [url, dir, concurrency = '50'] = process.argv.slice(2);
if (!url || !dir) throw new Error('usage: post-files.mjs URL DIR [CONCURRENCY]');
const target = new URL(url);
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const pool = new Pool(target.origin, { connections: Number(concurrency) });

let next = 0;
let failed = 0;
async function worker() {
  while (next < files.length) {
    const body = await readFile(path.join(dir, files[next++]));
    const res = await pool.request({ path: target.pathname + target.search, method: 'POST', headers: { 'content-type': 'application/json' }, body });
    await res.body.dump();
    if (res.statusCode < 200 || res.statusCode > 299) failed++;
  }
}

await Promise.all(Array.from({ length: Number(concurrency) }, worker));
await pool.close();
process.stdout.write(`${files.length} posted, ${failed} not 2xx\n`);
process.exitCode = failed ? 1 : 0;
