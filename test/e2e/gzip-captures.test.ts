import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureFileName } from '../../src/core/capture/captureFormat.js';
import { runCli, startReceiver, tempDir } from '../helpers/cli.js';
import { faulty, sample } from '../helpers/payloads.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(async () => cleanup());

/** A capture directory as `listen` leaves it after gzip deliveries: stored as received, decoded by readers. */
async function gzipCapture(name: string, payloads: unknown[]): Promise<{ cap: string; bodies: Buffer[] }> {
  const cap = path.join(dir, name);
  await mkdir(cap);
  const lines: string[] = [];
  const bodies: Buffer[] = [];
  for (const [i, p] of payloads.entries()) {
    const body = gzipSync(Buffer.from(JSON.stringify(p)));
    bodies.push(body);
    const file = captureFileName(i + 1, (p as any).event.triggerKey, (p as any).event.eventId, true, { gzip: true });
    await writeFile(path.join(cap, file), body);
    lines.push(JSON.stringify({
      seq: i + 1, file, receivedAt: '2025-01-21T06:15:24.000Z', method: 'POST', path: '/', remote: '127.0.0.1',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, bytes: body.length, sha256: '',
      trigger: (p as any).event.triggerKey, eventId: (p as any).event.eventId, recordId: (p as any).event.recordId,
      duplicateOf: null, verdict: { json: true, valid: true, errors: 0, warnings: 0, first: [] }, status: 200, encoding: 'gzip',
    }));
  }
  await writeFile(path.join(cap, 'index.ndjson'), `${lines.join('\n')}\n`);
  return { cap, bodies };
}

describe('gzip bodies in capture directories', () => {
  it('validate decodes them', async () => {
    const { cap } = await gzipCapture('c', [sample('PROJECT_MOVEMENT'), faulty('TASK_CREATED', (p) => delete p.workOrder)]);
    const r = await runCli(['validate', cap, '--format', 'json']);
    expect(r.code).toBe(1);
    const [a, b] = JSON.parse(r.stdout).results;
    expect(a).toMatchObject({ valid: true, trigger: 'PROJECT_MOVEMENT' });
    expect(b.errors[0]).toMatchObject({ path: 'workOrder', code: 'required' });
  });

  it('validate reports a broken gzip body for that file only', async () => {
    const { cap } = await gzipCapture('c', [sample('PROJECT_MOVEMENT'), sample('TASK_CREATED')]);
    await writeFile(path.join(cap, captureFileName(2, 'TASK_CREATED', 440102, true, { gzip: true })), 'not gzip at all');
    const r = await runCli(['validate', cap, '--format', 'json']);
    expect(r.code).toBe(1);
    const [a, b] = JSON.parse(r.stdout).results;
    expect(a.valid).toBe(true);
    expect(b.errors[0]).toMatchObject({ code: 'bad-encoding' });
  });

  it('diff compares the decoded payloads of two captures', async () => {
    const a = await gzipCapture('a', [sample('PROJECT_MOVEMENT')]);
    const b = await gzipCapture('b', [faulty('PROJECT_MOVEMENT', (p) => (p.event.currentStage.name = 'PTO'))]);
    const r = await runCli(['diff', a.cap, b.cap, '--format', 'json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('PTO');
    expect((await runCli(['diff', a.cap, a.cap])).code).toBe(0);
  });

  it('replay sends the stored gzip bytes labelled gzip, and decodes them when asked for a change', async () => {
    const { cap, bodies } = await gzipCapture('c', [sample('PROJECT_MOVEMENT')]);
    const rx = await startReceiver();
    try {
      expect((await runCli(['replay', cap, '--to', rx.url])).code).toBe(0);
      expect(rx.received[0].headers['content-encoding']).toBe('gzip');
      expect(rx.received[0].body.equals(bodies[0])).toBe(true);
      expect((await runCli(['replay', cap, '--to', rx.url, '--set', 'event.currentStage.name=PTO'])).code).toBe(0);
      expect(rx.received[1].headers['content-encoding']).toBeUndefined();
      expect(JSON.parse(rx.received[1].body.toString()).event.currentStage.name).toBe('PTO');
      expect(JSON.parse(gunzipSync(bodies[0]).toString()).event.currentStage.name).toBe('Engineering');
    } finally {
      await rx.close();
    }
  });

  it('a .json.gz file copied out of a capture is decoded on its own too', async () => {
    const { cap, bodies } = await gzipCapture('c', [sample('TASK_STATUS_MOVEMENT')]);
    const file = path.join(cap, captureFileName(1, 'TASK_STATUS_MOVEMENT', 441877, true, { gzip: true }));
    const v = await runCli(['validate', file, '--format', 'json']);
    expect(v.code).toBe(0);
    expect(JSON.parse(v.stdout).results[0]).toMatchObject({ valid: true, trigger: 'TASK_STATUS_MOVEMENT' });
    const plain = path.join(dir, 'plain.json');
    await writeFile(plain, JSON.stringify(sample('TASK_STATUS_MOVEMENT')));
    expect((await runCli(['diff', file, plain])).code).toBe(0);
    const rx = await startReceiver();
    try {
      expect((await runCli(['replay', file, '--to', rx.url])).code).toBe(0);
      expect(rx.received[0].headers['content-encoding']).toBe('gzip');
      expect(rx.received[0].body.equals(bodies[0])).toBe(true);
    } finally {
      await rx.close();
    }
  });
});
