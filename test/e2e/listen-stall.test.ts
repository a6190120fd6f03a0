import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { readIndex, send, startListen } from '../helpers/listen.js';

// Its own file: the 10 s header limit is fixed, so this test waits it out while the other
// listen test files run beside it.
describe('listen: a client that never finishes its headers', () => {
  it('is cut off after 10 s while other deliveries go through', async () => {
    const t = await tempDir('listen-stall-');
    const l = await startListen(path.join(t.dir, 'c'));
    // Taken before connecting, so the listener's clock for this connection starts after it.
    const t0 = performance.now();
    const socket = net.connect(Number(new URL(l.base).port), '127.0.0.1');
    try {
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      let got = '';
      socket.setEncoding('utf8').on('data', (d: string) => (got += d));
      let cutOffAt: number | null = null;
      const closed = new Promise<number>((resolve) => socket.once('close', () => resolve((cutOffAt = performance.now()))));
      socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Type: appl');
      // The stalled connection holds nobody up: these are answered while it is still open.
      for (let i = 0; i < 3; i++) expect((await send(l.url)).status).toBe(200);
      expect(cutOffAt).toBeNull();
      // Not before the 10 s limit (Node checks it once a second, so it may come up to 1 s after;
      // the margin below is for clocks that count whole milliseconds).
      expect((await closed) - t0).toBeGreaterThanOrEqual(9_500);
      expect(got).toMatch(/^HTTP\/1\.1 408/);
      await l.run.waitFor(/warning: 408 connection from 127\.0\.0\.1 rejected, nothing stored: headers not received within 10000 ms/, 'stderr');
      expect(readIndex(l.dir)).toHaveLength(3);
    } finally {
      socket.destroy();
      await l.run.stop();
      await t.cleanup();
    }
  }, 20_000);
});
