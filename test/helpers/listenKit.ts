import path from 'node:path';
import { afterEach } from 'vitest';
import { tempDir } from './cli.js';
import { startListen, type Listening } from './listen.js';

/**
 * For a test file that starts `listen`s: every capture directory and every process it makes is
 * cleaned up after each test, in reverse order, whether the test passed or not.
 */
export function listenKit(prefix = 'listen-') {
  let cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const c of cleanups.reverse()) await c();
    cleanups = [];
  });
  const onCleanup = (c: () => unknown) => void cleanups.push(c);
  return {
    onCleanup,
    /** A capture directory's path (not created yet) in a fresh temp directory. */
    async captureDir(): Promise<string> {
      const t = await tempDir(prefix);
      onCleanup(t.cleanup);
      return path.join(t.dir, 'captures');
    },
    /** `listen --port 0 --dir DIR ...args`, started and waited for. */
    async listen(dir: string, args: string[] = []): Promise<Listening> {
      const l = await startListen(dir, args);
      onCleanup(() => l.run.stop());
      return l;
    },
  };
}
