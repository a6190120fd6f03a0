// Yardstick for `listen`: the least a node:http server can do per delivery, at each level of care.
//   MODE=ack    read the body, answer 200, keep nothing
//   MODE=disk   also write each body to its own file (a temp name, then renamed, as a capture is)
//   MODE=fsync  also sync the file and its directory before answering (what a durable capture costs)
// DIR is where bodies go (required for disk and fsync), PORT defaults to 0. Prints `listening PORT`
// on stdout once ready; SIGTERM/SIGINT close it.
import { open, rename } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';

const mode = process.env.MODE ?? 'ack';
const dir = process.env.DIR;
if (!['ack', 'disk', 'fsync'].includes(mode)) throw new Error(`MODE must be ack, disk or fsync, not ${mode}`);
if (mode !== 'ack' && !dir) throw new Error(`MODE=${mode} needs DIR`);

let count = 0;

async function keep(body) {
  const name = `${String(++count).padStart(8, '0')}.json`;
  const temp = path.join(dir, `.${name}.tmp`);
  const file = await open(temp, 'w');
  try {
    await file.writeFile(body);
    // datasync: the bytes and the size, which is all a reader needs; the cheapest durable write.
    if (mode === 'fsync') await file.datasync();
  } finally {
    await file.close();
  }
  await rename(temp, path.join(dir, name));
  if (mode === 'fsync') {
    // The rename is only durable once the directory entry is synced too.
    const d = await open(dir, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  }
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const stored = mode === 'ack' ? Promise.resolve() : keep(Buffer.concat(chunks));
    stored.then(
      () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'),
      (err) => res.writeHead(500).end(String(err)),
    );
  });
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    server.close();
    server.closeAllConnections();
  });
}
