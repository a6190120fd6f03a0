// Yardstick for `listen` starting on a capture directory: read DIR/index.ndjson line by line and
// collect the event ids (what a restart needs to mark duplicates), nothing else.
//   node index-event-ids.mjs DIR
// Streams the file: an index of a million deliveries is larger than the longest string V8 allows.
import { createReadStream } from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
if (!dir) throw new Error('usage: index-event-ids.mjs DIR');
const ids = new Set();
let lines = 0;
const take = (line) => {
  if (!line) return;
  lines++;
  const { eventId } = JSON.parse(line);
  if (eventId !== null && eventId !== undefined) ids.add(eventId);
};

let rest = '';
for await (const chunk of createReadStream(path.join(dir, 'index.ndjson'), { encoding: 'utf8', highWaterMark: 1 << 20 })) {
  const parts = (rest + chunk).split('\n');
  rest = parts.pop();
  for (const line of parts) take(line);
}
take(rest);
process.stdout.write(`${lines} lines, ${ids.size} event ids\n`);
