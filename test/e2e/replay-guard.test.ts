/** Issue 8 §5: `*.localhost` may resolve elsewhere through DNS, so it is not loopback for replay's confirmation guard. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';
import { payloadText } from '../helpers/replayFixtures.js';

const NO_NETWORK = path.join(ROOT, 'test/helpers/no-network.mjs');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

// `localhost.` is a DNS name (the trailing dot), which glibc sends to the resolver.
it.each(['evil.localhost', 'localhost.'])('more than 20 deliveries to %s need --yes; nothing is resolved or sent without it', async (host) => {
  const t = await tempDir('replay-guard-');
  cleanups.push(t.cleanup);
  writeFileSync(path.join(t.dir, 'a.json'), payloadText(1, '2025-01-21T06:00:00.000Z'));
  const env = { NODE_OPTIONS: `--import=${NO_NETWORK}` };
  const r = await runCli(['replay', t.dir, '--to', `http://${host}:3000/hook`, '--times', '21'], { env });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(`refusing to send 21 deliveries to http://${host}:3000 (not this machine) without --yes; nothing was sent`);
  expect(r.stderr).not.toMatch(/NETWORK-USED/);
});
