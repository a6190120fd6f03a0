import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, ROOT, startReceiver, tempDir } from '../helpers/cli.js';
import { writePayload } from '../helpers/replayFixtures.js';

// util-linux `script` gives the bin a real terminal, which is what makes replay ask.
const SCRIPT = '/usr/bin/script';
const NO_NETWORK = path.join(ROOT, 'test/helpers/no-network.mjs');
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function onTerminal(
  args: string[],
  typed: string,
  opts: { network?: boolean; onOutput?: (out: string) => void } = {},
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const cmd = [process.execPath, BIN, ...args].map(quote).join(' ');
    const env = { ...process.env, NODE_OPTIONS: opts.network ? '' : `--import=${NO_NETWORK}`, COPERNIQ_HOOKS_TARGET: '', NO_COLOR: '1' };
    const child = spawn(SCRIPT, ['-qec', cmd, '/dev/null'], { cwd: ROOT, env });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      opts.onOutput?.(out);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
    child.stdin.end(typed);
  });
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe.skipIf(!existsSync(SCRIPT))('replay on a terminal', () => {
  it('asks before more than 20 deliveries to a host that is not loopback, and a no sends nothing', async () => {
    const t = await tempDir('replay-tty-');
    cleanups.push(t.cleanup);
    writePayload(t.dir, 'a.json', 1, '2025-01-21T06:00:01.000Z');
    const args = ['replay', t.dir, '--times', '21', '--retries', '0', '--to', 'https://staging.example.invalid/hook?token=s3cr3t'];
    const no = await onTerminal(args, 'n\n');
    expect(no.code).toBe(2);
    expect(no.out).toMatch(/Send 21 deliveries to https:\/\/staging\.example\.invalid \(not this machine\)\? \[y\/N\]/);
    expect(no.out).toMatch(/not confirmed; nothing was sent/);
    expect(no.out).not.toMatch(/NETWORK-USED|s3cr3t/);
    // A yes goes on to send (the preload refuses the connection, so nothing leaves this machine).
    const yes = await onTerminal(args, 'y\n');
    expect(yes.out).toMatch(/NETWORK-USED/);
    expect(yes.code).toBe(1);
  });

  it('draws a progress bar on the terminal while sending', async () => {
    const t = await tempDir('replay-tty-');
    cleanups.push(t.cleanup);
    writePayload(t.dir, 'a.json', 1, '2025-01-21T06:00:01.000Z');
    const held: (() => void)[] = [];
    const rx = await startReceiver((_req, res) => held.push(() => res.end('ok')));
    cleanups.push(rx.close);
    // The first answer is held until the bar shows 0 of 3 done, so the bar must have been drawn.
    const r = await onTerminal(['replay', t.dir, '--times', '3', '--to', rx.url], '', {
      network: true,
      onOutput: (out) => {
        if (/\[\.+\] 0\/3 +0%/.test(out)) held.splice(0).forEach((f) => f());
      },
    });
    await rx.waitForCount(3);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/sent 3, succeeded 3, failed 0/);
  });
});
