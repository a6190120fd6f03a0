// Yardstick for the inspector's body search: read every payload file of DIR (the files index.ndjson
// names) and count those whose text holds NEEDLE, ignoring case.
//   node search-bodies.mjs DIR NEEDLE
import { readFileSync } from 'node:fs';
import path from 'node:path';

const [dir, needle] = process.argv.slice(2);
if (!dir || !needle) throw new Error('usage: search-bodies.mjs DIR NEEDLE');
const lower = needle.toLowerCase();
let hits = 0;
let files = 0;
for (const line of readFileSync(path.join(dir, 'index.ndjson'), 'utf8').split('\n')) {
  if (!line) continue;
  files++;
  if (readFileSync(path.join(dir, JSON.parse(line).file), 'utf8').toLowerCase().includes(lower)) hits++;
}
process.stdout.write(`${files} files, ${hits} hits\n`);
