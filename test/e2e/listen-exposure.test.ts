/** Issue 9: `listen --host 0.0.0.0` says where it is bound and how to reach it, warns without a token; the summary counts failed forwards. */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startReceiver, tempDir } from '../helpers/cli.js';
import { send, startListen, type Listening } from '../helpers/listen.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function listening(args: string[]): Promise<Listening> {
  const t = await tempDir('listen-exposure-');
  cleanups.push(t.cleanup);
  const l = await startListen(path.join(t.dir, 'captures'), args);
  cleanups.push(() => l.run.stop());
  return l;
}

describe('listen --host wider than loopback', () => {
  it('prints the bound address, how to reach it from this machine, and warns when there is no token', async () => {
    const l = await listening(['--host', '0.0.0.0']);
    const port = new URL(l.url).port;
    expect(l.url).toBe(`http://0.0.0.0:${port}/`);
    await l.run.waitFor(/Ctrl-C to stop/, 'stderr');
    const err = l.run.stderr();
    expect(err).toContain(`bound to every interface: from this machine http://127.0.0.1:${port}/`);
    expect(err).toMatch(/warning: listening on 0\.0\.0\.0 without --token: anyone who can reach this machine can post deliveries into \S+captures/);
    expect((await send(`http://127.0.0.1:${port}/`)).status).toBe(200);
  });

  it('with a token: no warning, and the ways to reach it carry the token', async () => {
    const l = await listening(['--host', '0.0.0.0', '--token', 'tok3n']);
    const port = new URL(l.url).port;
    await l.run.waitFor(/Ctrl-C to stop/, 'stderr');
    expect(l.run.stderr()).toContain(`from this machine http://127.0.0.1:${port}/?token=tok3n`);
    expect(l.run.stderr()).not.toMatch(/warning/);
  });

  it('on loopback: neither', async () => {
    const l = await listening([]);
    await l.run.waitFor(/Ctrl-C to stop/, 'stderr');
    expect(l.run.stderr()).not.toMatch(/bound to|warning/);
  });
});

describe('listen --forward-to: the summary', () => {
  it('counts forwards that failed (no answer or not 2xx), in the line and in --json', async () => {
    let calls = 0;
    const target = await startReceiver((_req, res) => res.writeHead(++calls === 1 ? 200 : 500).end('no'));
    cleanups.push(target.close);
    const l = await listening(['--forward-to', target.url, '--json']);
    expect((await send(l.url)).status).toBe(200);
    expect((await send(l.url)).status).toBe(500);
    const stopped = await l.run.stop();
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toMatch(/stopped: 2 captured, .*1 forward failed/);
    const summary = stopped.stdout.split('\n').filter(Boolean).map((x) => JSON.parse(x) as Record<string, unknown>).find((x) => x.type === 'summary');
    expect(summary).toMatchObject({ captured: 2, forwardFailed: 1 });
  });
});
