import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The part of `@ngrok/ngrok` (1.x, index.d.ts) that listen uses. */
interface NgrokListener {
  url(): string | null;
  close(): Promise<void>;
}
interface NgrokModule {
  forward(config: { addr: string; authtoken: string; onStatusChange?: (status: string) => void; forwards_to?: string }): Promise<NgrokListener>;
}

const PACKAGE = '@ngrok/ngrok';

/**
 * Where `@ngrok/ngrok` is installed, if anywhere: the user's project first (an optional peer
 * dependency is theirs to install, and under npx our own folder is a throwaway cache), then beside
 * this package (`npx -p coperniq-hooks -p @ngrok/ngrok ...`).
 */
export function findNgrokLibrary(cwd: string): string | null {
  for (const from of [path.join(cwd, 'package.json'), import.meta.url]) {
    try {
      return createRequire(from).resolve(PACKAGE);
    } catch {
      // not installed there
    }
  }
  return null;
}

export interface NgrokSession {
  url: string;
  close: () => Promise<void>;
}

/** Opens a tunnel in process through the library; it reconnects by itself and says so via `onStatus`. */
export async function forwardWithNgrokLibrary(
  file: string,
  addr: string,
  authtoken: string,
  onStatus: (status: 'closed' | 'connected') => void,
): Promise<NgrokSession> {
  const loaded = (await import(pathToFileURL(file).href)) as NgrokModule & { default?: NgrokModule };
  const ngrok = typeof loaded.forward === 'function' ? loaded : loaded.default;
  if (!ngrok || typeof ngrok.forward !== 'function') throw new Error(`${file} does not export forward(): not the ${PACKAGE} this tool knows (1.x)`);
  const listener = await ngrok.forward({
    addr,
    authtoken,
    forwards_to: 'coperniq-hooks listen',
    // 'closed': the session to ngrok was lost; 'connected': it is back (index.d.ts, Config.onStatusChange).
    onStatusChange: (status) => {
      if (status === 'closed' || status === 'connected') onStatus(status);
    },
  });
  const url = listener.url();
  if (!url) {
    await listener.close();
    throw new Error(`${PACKAGE} opened a tunnel without a URL`);
  }
  return { url, close: () => listener.close() };
}
