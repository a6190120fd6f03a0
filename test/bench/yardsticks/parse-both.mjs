// Yardstick for `diff`: read two JSON files and JSON.parse both, compare nothing.
//   node parse-both.mjs A B
import { readFileSync } from 'node:fs';

const [a, b] = process.argv.slice(2);
if (!a || !b) throw new Error('usage: parse-both.mjs A B');
const docs = [a, b].map((file) => JSON.parse(readFileSync(file, 'utf8')));
process.stdout.write(`${docs.length} parsed\n`);
