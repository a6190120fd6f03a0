// Yardstick for `validate`: read every *.json file of DIR and JSON.parse it, no schema at all.
//   node parse-each.mjs DIR
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
if (!dir) throw new Error('usage: parse-each.mjs DIR');
let parsed = 0;
for (const name of readdirSync(dir)) {
  if (!name.endsWith('.json')) continue;
  JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
  parsed++;
}
process.stdout.write(`${parsed} parsed\n`);
