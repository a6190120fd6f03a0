/** Issue 9: a retried delivery reports its whole time (retry waits included) and its attempts, not only the last attempt. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { runCli, startReceiver, tempDir } from '../helpers/cli.js';
import { payloadText } from '../helpers/replayFixtures.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

it('replay reports total time and attempts for a retried delivery, and the last attempt on its own', async () => {
  const t = await tempDir('retry-time-');
  cleanups.push(t.cleanup);
  const file = path.join(t.dir, 'a.json');
  writeFileSync(file, payloadText(1, '2025-01-21T06:00:00.000Z'));
  let calls = 0;
  const rx = await startReceiver((_req, res) => res.writeHead(++calls === 1 ? 503 : 200).end());
  cleanups.push(rx.close);

  const r = await runCli(['replay', file, '--to', rx.url, '--format', 'json']);
  expect(r.code).toBe(0);
  const [d] = (JSON.parse(r.stdout) as { deliveries: { attempts: number; ms: number; totalMs: number }[] }).deliveries;
  expect(d.attempts).toBe(2);
  // The first retry waits at least half of the 250 ms base delay before the second attempt.
  expect(d.totalMs).toBeGreaterThanOrEqual(d.ms + 125);

  calls = 0;
  const pretty = await runCli(['replay', file, '--to', rx.url]);
  const row = pretty.stdout.split('\n').find((l) => l.startsWith('OK'));
  const shown = Number(/OK\s+200\s+2\s+(\d+) ms/.exec(row ?? '')?.[1]);
  expect(shown).toBeGreaterThanOrEqual(125);
});
