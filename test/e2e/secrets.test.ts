/**
 * Issue 8 §3: the token, and secret-looking URL parts, never reach a stored or printed value
 * (header values included, percent-encoded too) unless --show-secrets.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, startReceiver, tempDir } from '../helpers/cli.js';
import { PAYLOAD, send, startListen } from '../helpers/listen.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
async function dir(prefix: string) {
  const t = await tempDir(prefix);
  cleanups.push(t.cleanup);
  return t.dir;
}
async function receiver() {
  const r = await startReceiver();
  cleanups.push(r.close);
  return r;
}

const TOKEN = 's3cret';
/** The token as written or percent-encoded in any case: none may appear. */
const LEAK = /s3cret|s%33cret|%73%33|S%33CRET/i;
const HEX = '9f86d081884c7d659a2feaa0c55ad015';

/** Everything listen printed, minus the start-up lines that hand the URL (with the token) to the user. */
const afterReady = (text: string) => text.split('\n').filter((l) => !/listening on|"type":"ready"/.test(l)).join('\n');

describe('listen: the token in header values and percent-encoded', () => {
  it('is redacted in the index, the live lines and --json, and replay --keep-headers does not send it or a redacted stand-in', async () => {
    const d = await dir('secrets-listen-');
    const captures = path.join(d, 'captures');
    const l = await startListen(captures, ['--token', TOKEN, '--json']);
    cleanups.push(() => l.run.stop());
    const headers = {
      'x-original-url': `/hooks/${TOKEN}`,
      referer: `https://app.example/automations?token=${TOKEN}&tab=webhook`,
      'x-forwarded-uri': '/hooks/s%33cret?s%33cret',
      'x-note': `relayed for ${TOKEN}`,
      'x-access-key': 'AKIA-ACCESS',
      'private-key': 'PRIVATE-KEY-BYTES',
      'x-jwt': 'eyJ.jwt.sig',
      'x-bearer': 'bearer-value',
      'x-pass': 'hunter2',
      'x-request-id': 'req-42',
    };
    expect((await send(`${l.base}/hooks/s%33cret?s%33cret`, PAYLOAD, { headers })).status).toBe(200);
    expect((await send(`${l.base}/in?token=s%33cret`, PAYLOAD, { headers })).status).toBe(200);
    await l.run.waitFor(/"seq":2/, 'stdout');
    await l.run.stop();

    const index = readFileSync(path.join(captures, 'index.ndjson'), 'utf8');
    for (const text of [index, afterReady(l.run.stdout()), afterReady(l.run.stderr())]) {
      expect(text).not.toMatch(LEAK);
      for (const v of ['AKIA-ACCESS', 'PRIVATE-KEY-BYTES', 'eyJ.jwt.sig', 'bearer-value', 'hunter2']) expect(text).not.toContain(v);
    }
    const first = JSON.parse(index.split('\n')[0]) as { path: string; headers: Record<string, string> };
    expect(first.path).toBe('/hooks/***?***');
    expect(first.headers).toMatchObject({
      'x-original-url': '/hooks/***',
      referer: 'https://app.example/automations?token=***&tab=***',
      'x-forwarded-uri': '/hooks/***?***',
      'x-note': 'relayed for ***',
      'x-access-key': '***',
      'x-request-id': 'req-42',
    });

    const rx = await receiver();
    const r = await runCli(['replay', captures, '--keep-headers', '--to', `${rx.url}/in`]);
    expect(r.code).toBe(0);
    expect(rx.received).toHaveLength(2);
    for (const got of rx.received) {
      const sent = JSON.stringify(got.headers);
      expect(sent).not.toMatch(LEAK);
      expect(sent).not.toContain('***');
      expect(got.headers['x-request-id']).toBe('req-42');
    }
  });

  it('--show-secrets keeps header values as sent', async () => {
    const d = await dir('secrets-show-');
    const captures = path.join(d, 'captures');
    const l = await startListen(captures, ['--token', TOKEN, '--show-secrets']);
    cleanups.push(() => l.run.stop());
    expect((await send(`${l.base}/hooks/${TOKEN}`, PAYLOAD, { headers: { 'x-original-url': `/hooks/${TOKEN}`, 'x-access-key': 'AKIA' } })).status).toBe(200);
    await l.run.waitFor(/#1 /, 'stderr');
    const [entry] = readFileSync(path.join(captures, 'index.ndjson'), 'utf8').split('\n').filter(Boolean).map((x) => JSON.parse(x) as { headers: Record<string, string> });
    expect(entry.headers).toMatchObject({ 'x-original-url': `/hooks/${TOKEN}`, 'x-access-key': 'AKIA' });
  });
});

describe('replay --to with a secret in the path', () => {
  const payload = async () => {
    const d = await dir('secrets-replay-');
    const file = path.join(d, 'p.json');
    writeFileSync(file, PAYLOAD);
    return file;
  };

  it('hides a generated-looking last segment in the status line and every format', async () => {
    const file = await payload();
    const rx = await receiver();
    const to = `${rx.url}/hooks/${HEX}`;
    for (const format of ['pretty', 'json', 'junit']) {
      const r = await runCli(['replay', file, '--to', to, '--format', format]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain(`to ${rx.url}/hooks/***`);
      expect(r.stdout + r.stderr).not.toContain(HEX);
    }
    const dry = await runCli(['replay', file, '--to', to, '--dry-run']);
    expect(dry.stdout + dry.stderr).not.toContain(HEX);
    expect(rx.received.every((x) => x.url === `/hooks/${HEX}`)).toBe(true);
  });

  it('hides the token COPERNIQ_HOOKS_TOKEN names, as listen does; --show-secrets shows it', async () => {
    const file = await payload();
    const rx = await receiver();
    const to = `${rx.url}/hooks/${TOKEN}`;
    const r = await runCli(['replay', file, '--to', to, '--format', 'json'], { env: { COPERNIQ_HOOKS_TOKEN: TOKEN } });
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(LEAK);
    expect((JSON.parse(r.stdout) as { target: string }).target).toBe(`${rx.url}/hooks/***`);
    const shown = await runCli(['replay', file, '--to', `${rx.url}/hooks/${HEX}`, '--show-secrets']);
    expect(shown.stderr).toContain(HEX);
  });

  it('hides a short path token marked with --token in the status line and every format', async () => {
    const file = await payload();
    const rx = await receiver();
    const to = `${rx.url}/hooks/${TOKEN}`;
    const unmarked = await runCli(['replay', file, '--to', to]);
    // Short and readable, so not hidden by its looks: that is what --token is for.
    expect(unmarked.stderr).toContain(`/hooks/${TOKEN}`);
    for (const format of ['pretty', 'json', 'junit']) {
      const r = await runCli(['replay', file, '--to', to, '--token', TOKEN, '--format', format]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain(`to ${rx.url}/hooks/***`);
      expect(r.stdout + r.stderr).not.toMatch(LEAK);
    }
    expect(rx.received.every((x) => x.url === `/hooks/${TOKEN}`)).toBe(true);
  });

  it("hides the target's secrets in a receiver's error answer that echoes them; --show-secrets shows them", async () => {
    const file = await payload();
    const KEY = 'k3yFromTheUrl77';
    // An error page that echoes what it was called with: the URL, and the Authorization header.
    const rx = await startReceiver((req, res) => {
      res.statusCode = 500;
      res.end(`no route for ${req.url} (auth ${String(req.headers.authorization)})`);
    });
    cleanups.push(rx.close);
    const to = `${rx.url}/hooks/${HEX}?key=${KEY}`;
    const args = ['replay', file, '--to', to, '--retries', '0', '--header', 'Authorization: Bearer bearer-s3cret-value'];
    for (const format of ['pretty', 'json', 'junit']) {
      const r = await runCli([...args, '--format', format]);
      expect(r.code, r.stderr).toBe(1);
      const out = r.stdout + r.stderr;
      expect(out).toContain('no route for /hooks/***?key=***');
      for (const secret of [HEX, KEY, 'bearer-s3cret-value']) expect(out).not.toContain(secret);
    }
    const shown = await runCli([...args, '--format', 'json', '--show-secrets']);
    expect(shown.stdout).toContain(`no route for /hooks/${HEX}?key=${KEY}`);
  });
});

describe('listen --forward-to: the forward URL in the answer it records', () => {
  it('is hidden in the index and the live line when the receiver echoes it', async () => {
    const d = await dir('secrets-forward-');
    const captures = path.join(d, 'captures');
    const rx = await startReceiver((req, res) => {
      res.statusCode = 403;
      res.end(`denied: ${req.url}`);
    });
    cleanups.push(rx.close);
    const l = await startListen(captures, ['--json', '--forward-to', `${rx.url}/middleware?apiKey=fwd-${HEX}`]);
    cleanups.push(() => l.run.stop());
    expect((await send(`${l.base}/`, PAYLOAD)).status).toBe(403);
    await l.run.waitFor(/"seq":1/, 'stdout');
    await l.run.stop();
    const index = readFileSync(path.join(captures, 'index.ndjson'), 'utf8');
    const [entry] = index.split('\n').filter(Boolean).map((x) => JSON.parse(x) as { forward: { bodyStart: string } });
    expect(entry.forward.bodyStart).toBe('denied: /middleware?apiKey=***');
    for (const text of [index, l.run.stdout(), l.run.stderr()]) expect(text).not.toContain(HEX);
  });
});
