import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';
import { PAYLOAD, payloadFiles, payloadWith, readIndex, send, sha256, startListen, type Listening } from '../helpers/listen.js';

let cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function listening(args: string[] = [], env?: NodeJS.ProcessEnv): Promise<Listening> {
  const t = await tempDir('listen-');
  const dir = path.join(t.dir, 'captures');
  const l = await startListen(dir, args, env);
  cleanups.push(t.cleanup, () => l.run.stop());
  return l;
}

describe('listen: capturing', () => {
  it('prints the URL and the directory on start, stores the body byte for byte and indexes it', async () => {
    const l = await listening();
    expect(l.run.stderr()).toContain(`capturing into ${l.dir}`);
    expect(l.run.stdout()).toBe('');
    const r = await send(l.url);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toMatchObject({ ok: true, seq: 1 });
    // The answer has a length (one write), not chunked encoding.
    expect(r.headers['content-length']).toBe(String(Buffer.byteLength(r.text)));
    expect(r.headers['transfer-encoding']).toBeUndefined();
    const [file] = payloadFiles(l.dir);
    expect(file).toBe('00000001-PROJECT_MOVEMENT-432563.json');
    expect(readFileSync(path.join(l.dir, file)).equals(PAYLOAD)).toBe(true);
    const [e] = readIndex(l.dir);
    expect(e).toMatchObject({
      seq: 1,
      file,
      method: 'POST',
      path: '/',
      bytes: PAYLOAD.length,
      sha256: sha256(PAYLOAD),
      trigger: 'PROJECT_MOVEMENT',
      eventId: 432563,
      recordId: 396776,
      duplicateOf: null,
      status: 200,
      remote: '127.0.0.1',
    });
    expect(e.headers['content-type']).toBe('application/json');
    expect(Date.parse(e.receivedAt)).not.toBeNaN();
    const line = await l.run.waitFor(/.*#1 PROJECT_MOVEMENT .*\n/, 'stderr');
    expect(line[0]).toMatch(/^\d\d:\d\d:\d\d #1 PROJECT_MOVEMENT valid event 432563 stage Site Survey -> Engineering record 396776 "Elon Musk"$/m);
  });

  it('keeps exact bytes whatever the formatting, and never re-serialises', async () => {
    const l = await listening();
    const odd = Buffer.from('{ "event" : {"eventId":7,"triggerKey":"PROJECT_CREATED","recordId":1},\n\t"record":{"id":1, "title":"Caf\u00e9 \\u00e9"} }\r\n');
    expect((await send(l.url, odd)).status).toBe(200);
    const [file] = payloadFiles(l.dir);
    expect(file).toBe('00000001-PROJECT_CREATED-7.json');
    expect(readFileSync(path.join(l.dir, file)).equals(odd)).toBe(true);
  });

  it('stores malformed JSON and an empty body, and reports them as such', async () => {
    const l = await listening();
    const bad = Buffer.from('{"event": {"eventId": 1,');
    expect((await send(l.url, bad)).status).toBe(200);
    expect((await send(l.url, Buffer.alloc(0))).status).toBe(200);
    const files = payloadFiles(l.dir);
    expect(files).toEqual(['00000001-RAW-no-event-id.body', '00000002-RAW-no-event-id.body']);
    expect(readFileSync(path.join(l.dir, files[0])).equals(bad)).toBe(true);
    expect(readFileSync(path.join(l.dir, files[1])).length).toBe(0);
    const [a, b] = readIndex(l.dir);
    expect(a.verdict.json).toBe(false);
    expect(a.verdict.first[0]).toMatch(/malformed JSON/);
    expect(b).toMatchObject({ bytes: 0, sha256: sha256(''), verdict: { json: false } });
    await l.run.waitFor(/#2 .*empty body/, 'stderr');
    expect(l.run.stderr()).toMatch(/#1 .*not JSON\n +✖ malformed JSON: the text ends early/);
  });

  it('captures POST, PUT and PATCH on any path; answers GET and HEAD with a status; 405 for the rest', async () => {
    const l = await listening();
    expect((await send(`${l.base}/a/b?x=1`, payloadWith(1))).status).toBe(200);
    expect((await send(`${l.base}/put`, payloadWith(2), { method: 'PUT' })).status).toBe(200);
    expect((await send(`${l.base}/patch`, payloadWith(3), { method: 'PATCH' })).status).toBe(200);
    const get = await send(`${l.base}/anything`, '', { method: 'GET' });
    expect(get.status).toBe(200);
    expect(JSON.parse(get.text)).toMatchObject({ listening: true, captured: 3 });
    const head = await send(l.base, '', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
    const del = await send(l.base, '', { method: 'DELETE' });
    expect(del.status).toBe(405);
    expect(del.headers.allow).toMatch(/POST/);
    await l.run.waitFor(/warning: 405 DELETE/, 'stderr');
    expect(readIndex(l.dir).map((e) => [e.method, e.path])).toEqual([
      ['POST', '/a/b?x=***'],
      ['PUT', '/put'],
      ['PATCH', '/patch'],
    ]);
    expect(payloadFiles(l.dir)).toHaveLength(3);
    expect(l.run.stderr()).toMatch(/#2 PUT PROJECT_MOVEMENT/);
  });

  it('marks a repeated event id as a DUPLICATE of the first delivery', async () => {
    const l = await listening();
    await send(l.url, payloadWith(10));
    await send(l.url, payloadWith(11));
    await send(l.url, payloadWith(10, 'retried'));
    await l.run.waitFor(/#3 .*DUPLICATE of #1/, 'stderr');
    expect(readIndex(l.dir).map((e) => e.duplicateOf)).toEqual([null, null, 1]);
    expect(payloadFiles(l.dir)).toEqual([
      '00000001-PROJECT_MOVEMENT-10.json',
      '00000002-PROJECT_MOVEMENT-11.json',
      '00000003-PROJECT_MOVEMENT-10.json',
    ]);
  });

  it('--json writes a ready line and one delivery line per delivery (the index fields) on stdout', async () => {
    const l = await listening(['--json']);
    await send(l.url, payloadWith(5));
    await send(l.url, 'nope');
    await l.run.waitFor(/"type":"delivery".*\n.*"type":"delivery".*\n/, 'stdout');
    const lines = l.run.stdout().trim().split('\n').map((s) => JSON.parse(s) as Record<string, unknown>);
    expect(lines[0]).toEqual({ type: 'ready', url: l.url, dir: l.dir, inspectorUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/) });
    const index = readIndex(l.dir);
    expect(lines.slice(1)).toEqual(index.map((e) => ({ type: 'delivery', ...e })));
    // Live lines stay on stderr, so `listen --json | jq` sees only JSON.
    expect(l.run.stderr()).toMatch(/#1 PROJECT_MOVEMENT/);
  });

  it('--json keeps capturing when the reader of stdout goes away (listen --json | head -1)', async () => {
    const l = await listening(['--json']);
    await l.run.waitFor(/"type":"ready"/, 'stdout');
    l.run.child.stdout.destroy();
    for (let i = 1; i <= 3; i++) expect((await send(l.url, payloadWith(i))).status).toBe(200);
    await l.run.waitFor(/warning: stdout closed \(EPIPE\): no more NDJSON lines; still capturing/, 'stderr');
    await l.run.waitFor(/#3 PROJECT_MOVEMENT/, 'stderr');
    expect(readIndex(l.dir)).toHaveLength(3);
  });

  it('--status and --delay shape the answer, after the delivery is stored', async () => {
    const l = await listening(['--status', '503', '--delay', '300']);
    const t0 = performance.now();
    const r = await send(l.url);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
    expect(r.status).toBe(503);
    expect(payloadFiles(l.dir)).toHaveLength(1);
    expect(readIndex(l.dir)[0].status).toBe(503);
    await l.run.waitFor(/#1 .*answered 503/, 'stderr');
  });

  it('redacts query values and secret headers in lines and index; --show-secrets keeps them', async () => {
    const l = await listening();
    await send(`${l.base}/hook?apikey=abc123&x=1`, PAYLOAD, { headers: { authorization: 'Bearer sekrit', 'x-api-key': 'k-999', cookie: 'sid=1' } });
    const [e] = readIndex(l.dir);
    expect(e.path).toBe('/hook?apikey=***&x=***');
    expect(e.headers).toMatchObject({ authorization: '***', 'x-api-key': '***', cookie: '***' });
    const raw = readFileSync(path.join(l.dir, 'index.ndjson'), 'utf8');
    for (const s of ['abc123', 'sekrit', 'k-999', 'sid=1']) expect(raw).not.toContain(s);

    const shown = await listening(['--show-secrets', '--json']);
    await send(`${shown.base}/hook?apikey=abc123`, PAYLOAD, { headers: { authorization: 'Bearer sekrit' } });
    await shown.run.waitFor(/"type":"delivery"/, 'stdout');
    expect(readIndex(shown.dir)[0]).toMatchObject({ path: '/hook?apikey=abc123', headers: { authorization: 'Bearer sekrit' } });
  });
});

describe('listen: validation', () => {
  it('validates each delivery against its trigger schema and shows the verdict; the directory round-trips through validate', async () => {
    const l = await listening();
    const sample = readFileSync(path.join(ROOT, 'samples/TASK_STATUS_MOVEMENT.json'));
    expect((await send(l.url, sample)).status).toBe(200);
    const broken = Buffer.from(JSON.stringify({ event: { eventId: 'x', recordId: 1, triggerKey: 'PROJECT_MOVEMENT' }, record: { id: 1 } }));
    // Invalid is still captured and acknowledged: the capture is the evidence.
    expect((await send(l.url, broken)).status).toBe(200);
    await l.run.waitFor(/#2 PROJECT_MOVEMENT INVALID \(\d+ errors\) .*\n +✖ event\.eventId: expected a number/, 'stderr');
    expect(l.run.stderr()).toMatch(/#1 TASK_STATUS_MOVEMENT valid event \d+ status \S+ -> \S+/);
    const [a, b] = readIndex(l.dir);
    expect(a.verdict).toMatchObject({ json: true, valid: true, errors: 0 });
    expect(b.verdict).toMatchObject({ json: true, valid: false });
    expect(b.verdict.errors).toBeGreaterThan(1);
    expect(b.verdict.first[0]).toMatch(/^event\.eventId: expected a number/);
    const stopped = await l.run.stop('SIGINT');
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toMatch(/stopped: 2 captured, 1 invalid, 0 duplicates, 0 rejected/);

    const r = await runCli(['validate', l.dir, '--format', 'json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('00000001-TASK_STATUS_MOVEMENT-');
    expect(r.stdout).toContain('00000002-PROJECT_MOVEMENT-x.json');
  });

  it('--no-validate records no verdict but still tells JSON from not JSON', async () => {
    const l = await listening(['--no-validate']);
    expect(l.run.stderr()).toMatch(/validation off/);
    await send(l.url, Buffer.from('{"event":{"eventId":"x"}}'));
    await send(l.url, Buffer.from('<xml/>'));
    await l.run.waitFor(/#2 .*not JSON/, 'stderr');
    const [a, b] = readIndex(l.dir);
    expect(a.verdict).toEqual({ json: true, valid: null, errors: 0, warnings: 0, first: [] });
    expect(b.verdict).toMatchObject({ json: false, valid: null });
    expect(l.run.stderr()).not.toMatch(/INVALID|valid\b(?! off)/);
  });
});

describe('listen: options', () => {
  it('rejects bad options with exit 2 before listening', async () => {
    const cases: [string[], RegExp][] = [
      [['--port', 'abc'], /--port must be a whole number/],
      [['--port', '70000'], /--port must be a whole number from 0 to 65535/],
      [['--status', '99'], /--status must be/],
      [['--max-body', 'lots'], /--max-body must be a size/],
      [['--forward-to', 'ftp://x/y'], /--forward-to must be an http/],
      [['--forward-to', 'not a url?token=abc'], /--forward-to is not a URL: "not a url\?token=\*\*\*"/],
      [['--token', 'a/b'], /--token cannot contain/],
    ];
    for (const [args, re] of cases) {
      const r = await runCli(['listen', '--port', '0', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(re);
      expect(r.stderr).not.toMatch(/listening on/);
    }
  });

  it('has examples in --help', async () => {
    const r = await runCli(['listen', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Examples:[\s\S]*listen --forward-to/);
    for (const flag of ['--port', '--host', '--dir', '--token', '--status', '--delay', '--forward-to', '--timeout', '--max-body', '--no-validate', '--json']) {
      expect(r.stdout).toContain(flag);
    }
  });
});
