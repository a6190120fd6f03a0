// Yardstick for the inspector page's first paint: the least a page can do to show the newest
// deliveries of a capture directory. A bare node:http server sends a page and a script; the
// script fetches /rows (the newest LIMIT index entries, read from DIR/index.ndjson when asked)
// and puts one text row per entry in the document. No framework, no filters, no live updates.
//   node bare-list-page.mjs DIR [LIMIT]     prints "listening PORT"
import { createReadStream } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const [dir, limitArg = '100'] = process.argv.slice(2);
if (!dir) throw new Error('usage: bare-list-page.mjs DIR [LIMIT]');
const limit = Number(limitArg);

const PAGE = '<!doctype html><meta charset="utf-8"><title>bare</title><div id="rows"></div><script src="/list.js"></script>';
const SCRIPT = `fetch('/rows').then((r) => r.json()).then((rows) => {
  const box = document.getElementById('rows');
  for (const e of rows) {
    const div = document.createElement('div');
    div.className = 'row';
    div.textContent = [e.seq, e.receivedAt, e.method, e.trigger, e.recordId, e.bytes].join(' ');
    box.append(div);
  }
});`;

async function newest() {
  let rows = [];
  let rest = '';
  const take = (line) => {
    if (!line) return;
    rows.push(JSON.parse(line));
    if (rows.length > limit * 20) rows = rows.sort((a, b) => b.seq - a.seq).slice(0, limit);
  };
  for await (const chunk of createReadStream(path.join(dir, 'index.ndjson'), { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop();
    for (const line of parts) take(line);
  }
  take(rest);
  return rows.sort((a, b) => b.seq - a.seq).slice(0, limit);
}

const server = http.createServer(async (req, res) => {
  if (req.url === '/') return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
  if (req.url === '/list.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(SCRIPT);
  if (req.url === '/rows') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(await newest()));
  res.writeHead(404).end();
});
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
