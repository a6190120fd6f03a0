/**
 * `--open`: the platform's own opener (xdg-open, open, start), detached so it outlives nothing of
 * ours. A machine without one (a server, a container) is normal: the caller prints the URL anyway.
 */
import { spawn } from 'node:child_process';

export type Opened = { ok: true; command: string } | { ok: false; command: string; reason: string };

function opener(platform: NodeJS.Platform, url: string): { command: string; args: string[] } {
  if (platform === 'darwin') return { command: 'open', args: [url] };
  // `start` is a cmd built-in; its first quoted argument is a window title, hence the empty one.
  if (platform === 'win32') return { command: 'cmd', args: ['/d', '/s', '/c', `start "" "${url}"`] };
  return { command: 'xdg-open', args: [url] };
}

/**
 * Resolves once the opener has started (or could not be). `onFailed` hears of an opener that
 * started but then gave up (xdg-open exits non-zero when it finds no browser).
 */
export function openBrowser(url: string, onFailed: (reason: string) => void, platform: NodeJS.Platform = process.platform): Promise<Opened> {
  const { command, args } = opener(platform, url);
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(command, args, { detached: true, stdio: 'ignore', windowsVerbatimArguments: platform === 'win32' });
    } catch (err) {
      resolve({ ok: false, command, reason: (err as Error).message });
      return;
    }
    child.once('error', (err: NodeJS.ErrnoException) => resolve({ ok: false, command, reason: err.code === 'ENOENT' ? `${command} was not found` : err.message }));
    child.once('spawn', () => {
      resolve({ ok: true, command });
      child.unref();
    });
    child.once('exit', (code) => {
      if (code) onFailed(`${command} exited with code ${code}`);
    });
  });
}
