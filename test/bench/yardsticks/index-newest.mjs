// Yardstick for the inspector's list: read DIR/index.ndjson, JSON.parse every line and print the
// newest LIMIT entries as JSON, which is what a script without the inspector does for a first page.
//   node index-newest.mjs DIR [LIMIT]
import { createReadStream } from 'node:fs';
import path from 'node:path';

const [dir, limitArg = '50'] = process.argv.slice(2);
if (!dir) throw new Error('usage: index-newest.mjs DIR [LIMIT]');
const limit = Number(limitArg);
let newest = [];
const take = (line) => {
  if (!line) return;
  newest.push(JSON.parse(line));
  if (newest.length > limit * 20) newest = newest.sort((a, b) => b.seq - a.seq).slice(0, limit);
};
let rest = '';
for await (const chunk of createReadStream(path.join(dir, 'index.ndjson'), { encoding: 'utf8', highWaterMark: 1 << 20 })) {
  const parts = (rest + chunk).split('\n');
  rest = parts.pop();
  for (const line of parts) take(line);
}
take(rest);
process.stdout.write(`${JSON.stringify(newest.sort((a, b) => b.seq - a.seq).slice(0, limit))}\n`);
