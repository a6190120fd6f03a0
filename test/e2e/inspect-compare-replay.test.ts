/**
 * The inspector's compare and replay: the diff endpoint prints what `diff --format json` prints
 * for the same two files, and a replay reaches a loopback receiver with exactly the bytes meant.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexEntry } from '../../src/core/capture/captureFormat.js';
import { runCli, startReceiver, tempDir } from '../helpers/cli.js';
import { appendCapture, call, delivery, openEvents, startInspect, type Inspecting } from '../helpers/inspect.js';

let dir: string;
let cleanup: () => Promise<void>;
let ins: Inspecting;
let entries: IndexEntry[];

beforeAll(async () => {
  const t = await tempDir('inspect-cr-');
  dir = path.join(t.dir, 'captures');
  cleanup = t.cleanup;
  entries = appendCapture(dir, [
    { body: delivery('PROJECT_MOVEMENT', 1, { recordId: 7, title: 'A', stage: 'Design' }) },
    { body: delivery('PROJECT_MOVEMENT', 2, { recordId: 8, title: 'B' }) },
    { body: delivery('PROJECT_MOVEMENT', 3, { recordId: 7, title: 'A renamed', stage: 'Permitting' }) },
    { body: Buffer.from('not json') },
    { body: delivery('PROJECT_MOVEMENT', 5, { recordId: 9 }), gzip: true },
    // Two numbers a double cannot tell apart: diff keeps them exact, and so must the page's compare.
    { body: Buffer.from(delivery('PROJECT_MOVEMENT', 6, { recordId: 20 }).toString().replace('"dealValue": 1250000', '"dealValue": 12345678901234567890123')) },
    { body: Buffer.from(delivery('PROJECT_MOVEMENT', 7, { recordId: 20 }).toString().replace('"dealValue": 1250000', '"dealValue": 12345678901234567890124')) },
  ]);
  ins = await startInspect(dir);
});

afterAll(async () => {
  await ins?.run.stop();
  await cleanup?.();
});

const api = (target: string, body?: unknown) =>
  call(ins.origin, target, { token: ins.token, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });

describe('inspect: compare', () => {
  it.each([
    ['', []],
    ['?ignoreVolatile=1', ['--ignore-volatile']],
    ['?shape=1', ['--shape']],
    ['?ignore=record.title&ignore=event.currentStage', ['--ignore', 'record.title', '--ignore', 'event.currentStage']],
  ])('against the previous delivery of the record: the same JSON as diff --format json %s', async (query, flags) => {
    const r = await api(`/api/deliveries/3/diff${query}`);
    expect(r.status).toBe(200);
    expect(r.headers['x-diff-against']).toBe('1');
    const cli = await runCli(['diff', '--format', 'json', ...flags, entries[0].file, entries[2].file], { cwd: dir });
    expect(r.text).toBe(cli.stdout);
    expect(JSON.parse(r.text).equal).toBe(cli.code === 0);
  });

  it('against any delivery, gzip decoded like diff does', async () => {
    const r = await api('/api/deliveries/5/diff?against=2');
    const cli = await runCli(['diff', '--format', 'json', entries[1].file, entries[4].file], { cwd: dir });
    expect(r.text).toBe(cli.stdout);
    expect(JSON.parse(r.text).changes).toContainEqual(expect.objectContaining({ path: 'record.id', old: 8, new: 9 }));
  });

  it('keeps numbers beyond a double exact, as diff does', async () => {
    const r = await api('/api/deliveries/7/diff');
    const cli = await runCli(['diff', '--format', 'json', entries[5].file, entries[6].file], { cwd: dir });
    expect(r.text).toBe(cli.stdout);
    expect(r.text).toContain('"old":12345678901234567890123,"new":12345678901234567890124');
  });

  it('says when there is nothing to compare with, or when it cannot compare', async () => {
    const none = await api('/api/deliveries/2/diff');
    expect(none.status).toBe(404);
    expect(none.json()).toEqual({ error: 'no earlier delivery of record 8: pick one to compare with (against=SEQ)', code: 'no-previous' });
    const notJson = await api('/api/deliveries/3/diff?against=4');
    expect(notJson.status).toBe(422);
    expect(notJson.json().error).toMatch(/^delivery #4 \(00000004-RAW-no-event-id\.body\) is not JSON: malformed JSON/);
    expect((await api('/api/deliveries/3/diff?shape=1&arrayKey=id')).json().error).toMatch(/--array-key has no effect with --shape/);
    expect((await api('/api/deliveries/3/diff?against=99')).status).toBe(404);
  });
});

describe('inspect: replay', () => {
  it('sends the stored bytes unchanged and answers with a replay row and what the target said', async () => {
    const rx = await startReceiver((_r, res) => {
      res.setHeader('x-seen', 'yes');
      res.end('{"accepted":true}');
    });
    try {
      const events = await openEvents(ins.origin, ins.token);
      const r = await api('/api/deliveries/1/replay', { to: `${rx.url}/hook?key=s3cret` });
      expect(r.status).toBe(200);
      const row = r.json();
      expect(rx.received).toHaveLength(1);
      expect(rx.received[0].body.equals(readFileSync(path.join(dir, entries[0].file)))).toBe(true);
      expect(rx.received[0].url).toBe('/hook?key=s3cret');
      expect(rx.received[0].headers['content-type']).toBe('application/json');
      expect(rx.received[0].headers.authorization).toBeUndefined();
      expect(row).toMatchObject({ index: 0, file: entries[0].file, copy: 1, trigger: 'PROJECT_MOVEMENT', eventId: 1, status: 200, attempts: 1, ok: true, bytes: entries[0].bytes, to: `${rx.url}/hook?key=***` });
      expect(typeof row.ms).toBe('number');
      expect(row.response).toMatchObject({ bodyStart: '{"accepted":true}', headers: expect.objectContaining({ 'x-seen': 'yes' }) });
      const e = await events.waitFor((x) => x.event === 'replay');
      expect(e.data).toMatchObject({ seq: 1, status: 200, ok: true, to: `${rx.url}/hook?key=***` });
      events.close();
      // The last target used is the default now.
      expect((await api('/api/meta')).json().replayTarget).toEqual({ url: `${rx.url}/hook?key=***`, source: 'last used', loopback: true });
      expect((await api('/api/deliveries/2/replay', {})).json().status).toBe(200);
      expect(rx.received[1].url).toBe('/hook?key=s3cret');
    } finally {
      await rx.close();
    }
  });

  it('sends an edited body byte for byte, and new ids when asked', async () => {
    const rx = await startReceiver();
    try {
      const edited = '{ "event" : {"eventId": 1, "triggerKey":"PROJECT_MOVEMENT", "big": 12345678901234567890123},\n\t"record": {"title":"Caf\u00e9 \u2603"} }\r\n';
      const r = (await api('/api/deliveries/1/replay', { to: rx.url, body: edited, headers: { 'X-Env': 'staging' } })).json();
      expect(rx.received[0].body.toString('utf8')).toBe(edited);
      expect(rx.received[0].headers['x-env']).toBe('staging');
      expect(rx.received[0].headers['content-length']).toBe(String(Buffer.byteLength(edited)));
      expect(r).toMatchObject({ ok: true, changed: ['body'], bytes: Buffer.byteLength(edited) });

      const fresh = (await api('/api/deliveries/1/replay', { to: rx.url, newIds: true })).json();
      const sent = JSON.parse(rx.received[1].body.toString('utf8'));
      expect(sent.event.eventId).not.toBe(1);
      expect(fresh).toMatchObject({ ok: true, changed: ['event.eventId', 'event.firedAt'], eventId: sent.event.eventId });
      expect(Date.parse(sent.event.firedAt)).toBeGreaterThan(Date.parse('2025-02-01'));
    } finally {
      await rx.close();
    }
  });

  it('sends a gzip capture as stored, labelled gzip', async () => {
    const rx = await startReceiver();
    try {
      await api('/api/deliveries/5/replay', { to: rx.url });
      expect(rx.received[0].body.equals(readFileSync(path.join(dir, entries[4].file)))).toBe(true);
      expect(rx.received[0].headers['content-encoding']).toBe('gzip');
      expect(JSON.parse(gunzipSync(rx.received[0].body).toString()).event.eventId).toBe(5);
      // Changed, as replay --new-ids does: decoded, changed, sent plain.
      const fresh = (await api('/api/deliveries/5/replay', { to: rx.url, newIds: true })).json();
      expect(rx.received[1].headers['content-encoding']).toBeUndefined();
      expect(JSON.parse(rx.received[1].body.toString()).event.eventId).toBe(fresh.eventId);
      expect(fresh.eventId).not.toBe(5);
    } finally {
      await rx.close();
    }
  });

  it('reports a failing target as a failed row, with its answer', async () => {
    const rx = await startReceiver((_r, res) => {
      res.statusCode = 500;
      res.end('middleware exploded');
    });
    const failed = (await api('/api/deliveries/1/replay', { to: rx.url })).json();
    await rx.close();
    expect(failed).toMatchObject({ ok: false, status: 500, attempts: 1, answer: 'middleware exploded', response: { bodyStart: 'middleware exploded' } });
    const refused = (await api('/api/deliveries/1/replay', { to: rx.url })).json();
    expect(refused).toMatchObject({ ok: false, status: null, error: 'connection refused (is it running?)', response: null });
  });

  it("hides the target's secrets in an answer that echoes them", async () => {
    const rx = await startReceiver((req, res) => {
      res.statusCode = 404;
      res.end(`no route ${req.url}`);
    });
    try {
      const r = (await api('/api/deliveries/1/replay', { to: `${rx.url}/hook?key=k3yFromTheUrl77` })).json();
      expect(r).toMatchObject({ ok: false, status: 404, to: `${rx.url}/hook?key=***`, answer: 'no route /hook?key=***', response: { bodyStart: 'no route /hook?key=***' } });
      expect(rx.received[0].url).toBe('/hook?key=k3yFromTheUrl77');
    } finally {
      await rx.close();
    }
  });

  it('needs a confirmation before sending to another machine, and checks every field', async () => {
    const far = await api('/api/deliveries/1/replay', { to: 'http://192.0.2.1:9/hook?token=abc' });
    expect(far.status).toBe(409);
    expect(far.json()).toEqual({ error: 'http://192.0.2.1:9 is not this machine: send again with "confirm": true to replay there', code: 'confirm-required', to: 'http://192.0.2.1:9/hook?token=***' });
    for (const [body, msg] of [
      ['{"to": 5}', /"to" must be a URL string/],
      ['{"to": "ftp://x"}', /"to" must be an http:\/\/ or https:\/\/ URL/],
      ['{"body": {"a": 1}}', /"body" must be a string/],
      ['{"newIds": "yes"}', /"newIds" must be true or false/],
      ['{"headers": {"X Bad": "v"}}', /header must look like "Name: value"/],
      ['{"tos": "http://127.0.0.1/"}', /unknown field "tos"/],
      ['[1]', /must be a JSON object/],
      ['{', /not JSON/],
    ] as const) {
      const r = await api('/api/deliveries/1/replay', body);
      expect(r.status, body).toBe(400);
      expect(r.json().error).toMatch(msg);
    }
    const notJson = await api('/api/deliveries/4/replay', { to: 'http://127.0.0.1:9/', newIds: true });
    expect(notJson.status).toBe(422);
    expect(notJson.json()).toMatchObject({ code: 'cannot-change', error: expect.stringMatching(/malformed JSON/), ok: false, status: null, attempts: 0 });
  });
});
