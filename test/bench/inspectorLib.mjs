// Shared by the inspector's benchmarks: a capture directory of N deliveries (one real delivery
// captured by `listen` gives the pattern of every index line; the payloads are the support page's
// sample with three triggers, 5,000 records, each its own event id and title), and a bare SSE
// client that notes when each delivery event arrives.
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { captureFileName, INDEX_FILE } from '../../dist/core/capture/captureFormat.js';
import { captureOne, samplePayload } from './lib.mjs';

const TRIGGERS = ['PROJECT_MOVEMENT', 'TASK_CREATED', 'PROJECT_STATUS_MOVEMENT'];

/** Fills DIR (new) with N deliveries; `work` is a scratch folder for the seed capture. */
export async function fillCaptureDir(dir, n, work) {
  const pattern = await captureOne(path.join(work, 'seed'), ['--no-ui']);
  const payload = samplePayload();
  mkdirSync(dir);
  let lines = [];
  for (let seq = 1; seq <= n; seq++) {
    const trigger = TRIGGERS[seq % TRIGGERS.length];
    Object.assign(payload.event, { eventId: 500000 + seq, triggerKey: trigger, recordId: 10000 + (seq % 5000) });
    Object.assign(payload.record, { id: 10000 + (seq % 5000), title: `Home ${seq}` });
    const body = JSON.stringify(payload, null, 2);
    const file = captureFileName(seq, trigger, payload.event.eventId, true);
    writeFileSync(path.join(dir, file), body);
    const sha256 = createHash('sha256').update(body).digest('hex');
    lines.push(JSON.stringify({ ...pattern, seq, file, trigger, eventId: payload.event.eventId, recordId: payload.record.id, bytes: Buffer.byteLength(body), sha256 }));
    if (lines.length === 10_000 || seq === n) {
      appendFileSync(path.join(dir, INDEX_FILE), `${lines.join('\n')}\n`);
      lines = [];
    }
  }
}

/** Follows the inspector's SSE at `url` (with its token); sets seen[seq] = arrival time. Resolves with the request. */
export function followDeliveries(url, seen) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: url.hostname, port: url.port, path: '/api/events', headers: { authorization: `Bearer ${url.searchParams.get('token')}` } }, (res) => {
      let buf = '';
      res.setEncoding('utf8').on('data', (d) => {
        const now = performance.now();
        buf += d;
        let end;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          const m = /^event: delivery\ndata: \{"seq":(\d+)/m.exec(buf.slice(0, end));
          if (m) seen.set(Number(m[1]), now);
          buf = buf.slice(end + 2);
        }
      });
      resolve(req);
    });
    req.on('error', reject);
  });
}
