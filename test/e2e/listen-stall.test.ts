import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { readIndex, send, startListen } from '../helpers/listen.js';

// Its own file: the 10 s header limit is fixed, so this test waits it out while the other
// listen test files run beside it.
describe('listen: a client that never finishes its headers', () => {
  it('is cut off after 10 s while other deliveries go through at once', async () => {
    const t = await tempDir('listen-stall-');
    const l = await startListen(path.join(t.dir, 'c'));
    const socket = net.connect(Number(new URL(l.base).port), '127.0.0.1');
    try {
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      let got = '';
      socket.setEncoding('utf8').on('data', (d: string) => (got += d));
      const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(performance.now())));
      const t0 = performance.now();
      socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Type: appl');
      for (let i = 0; i < 3; i++) {
        const s = performance.now();
        expect((await send(l.url)).status).toBe(200);
        expect(performance.now() - s).toBeLessThan(1000);
      }
      const at = await closed;
      expect(at - t0).toBeGreaterThanOrEqual(9_500);
      expect(at - t0).toBeLessThan(13_000);
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
