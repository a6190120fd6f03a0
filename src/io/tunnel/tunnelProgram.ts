import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { TunnelEvent } from '../../core/tunnel/tunnelEvent.js';

const GUARD = fileURLToPath(new URL('./tunnelGuard.js', import.meta.url));
/** A tunnel that has not said its URL by then is stuck (cloudflared's own HTTP timeout is 15 s). */
const URL_WITHIN_MS = 60_000;
/** Most a stop waits for the guard, which kills the tunnel 3 s after asking it to stop. */
const STOP_WITHIN_MS = 8000;

export interface ProgramSpec {
  /** Shown in messages: `cloudflared`, `ngrok`. */
  name: string;
  file: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  readLine: (line: string) => TunnelEvent | null;
}

export interface ProgramRun {
  /** The public URL, once the program logs it; rejects if it exits or stalls first. */
  url: Promise<string>;
  /** Why the program ended, once it has (whoever stopped it). */
  ended: Promise<string>;
  stop: () => Promise<void>;
}

function exitText(name: string, code: number | null, lastError: string | null): string {
  const signo = code !== null && code > 128 ? code - 128 : 0;
  const signal = Object.entries(constants.signals).find(([, n]) => n === signo)?.[0];
  const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
  return `${name} ${how}${lastError ? `: ${lastError}` : ''}`;
}

/** Last resort for a guard that did not finish: the tunnel shares its process group. */
function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(process.platform === 'win32' ? pid : -pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/**
 * Starts a tunnel program under the guard (tunnelGuard.ts), in a process group of its own so the
 * terminal's Ctrl-C reaches only `listen`, which stops it after answering what is in flight.
 */
export function runTunnelProgram(spec: ProgramSpec): ProgramRun {
  const env = { ...spec.env };
  delete env.NODE_OPTIONS; // the guard is plain node; a user's --inspect or loaders are not for it
  const child = spawn(process.execPath, [GUARD, spec.file, ...spec.args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env,
    detached: process.platform !== 'win32',
    windowsHide: true,
  });
  let lastError: string | null = null;
  let resolveUrl!: (url: string) => void;
  let rejectUrl!: (err: Error) => void;
  const url = new Promise<string>((res, rej) => ((resolveUrl = res), (rejectUrl = rej)));
  url.catch(() => undefined);
  // The first error after the tunnel was last fine says why; what follows is detail (ngrok's
  // sign-up hints, its error code) or the consequence.
  const onLine = (line: string) => {
    const event = spec.readLine(line);
    if (event?.kind === 'url') resolveUrl(event.url);
    if (event?.kind === 'url' || event?.kind === 'connected') lastError = null;
    if (event?.kind === 'error' && event.message !== '') lastError ??= event.message;
  };
  createInterface({ input: child.stdout }).on('line', onLine);
  createInterface({ input: child.stderr }).on('line', onLine);
  child.stdin.on('error', () => undefined);

  const ended = new Promise<string>((resolve) => {
    child.on('error', (err) => resolve(`${spec.name} could not be started: ${err.message}`));
    child.on('close', (code) => resolve(exitText(spec.name, code, lastError)));
  });
  void ended.then((why) => rejectUrl(new Error(why)));
  const stall = setTimeout(() => {
    rejectUrl(new Error(`${spec.name} gave no public URL within ${URL_WITHIN_MS / 1000} s${lastError ? `: ${lastError}` : ''}`));
    child.stdin.end();
  }, URL_WITHIN_MS);
  void url.then(() => clearTimeout(stall), () => clearTimeout(stall));

  const stop = async () => {
    clearTimeout(stall);
    child.stdin.end();
    const late = setTimeout(() => killGroup(child.pid), STOP_WITHIN_MS);
    await ended;
    clearTimeout(late);
  };
  return { url, ended, stop };
}
