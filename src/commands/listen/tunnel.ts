import { RuntimeFailure } from '../../core/errors.js';
import { readCloudflaredLine } from '../../core/tunnel/cloudflaredLog.js';
import { readNgrokLine } from '../../core/tunnel/ngrokLog.js';
import { pasteUrl } from '../../core/tunnel/pasteUrl.js';
import { unreachableFromCloud } from '../../core/tunnel/reachability.js';
import { checkThrough } from '../../io/tunnel/checkThrough.js';
import { forwardWithNgrokLibrary } from '../../io/tunnel/ngrokLibrary.js';
import { runTunnelProgram } from '../../io/tunnel/tunnelProgram.js';
import { superviseTunnel, type TunnelSession } from '../../io/tunnel/tunnelSupervisor.js';
import type { LineSink } from '../../io/terminal/lineSink.js';
import { renderCheck, renderTunnelDown, renderTunnelUp } from '../../render/listen/tunnelLines.js';
import type { Paint } from '../../render/paint.js';
import type { TunnelPlan } from './tunnelPlan.js';

export interface TunnelOut {
  status: LineSink;
  data: LineSink | null;
  err: Paint;
  width: () => number;
}

export interface OpenTunnel {
  /** The URL to paste into Coperniq, with the token. */
  paste: string;
  /** Checks the current URL end to end (once per URL) and says what it found. */
  check: () => Promise<void>;
  stop: () => Promise<void>;
}

// A fresh quick tunnel's name can take a while to resolve; give it this long before saying no.
// ngrok's and the user's own URLs answer at once or not at all: one try.
const QUICK_TUNNEL_CHECK_MS = 30_000;
const CHECK_EVERY_MS = 2000;

/** host:port the tunnel forwards to: a wildcard bind is reached through loopback. */
export function tunnelTarget(host: string, port: number): string {
  const to = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `${to.includes(':') ? `[${to}]` : to}:${port}`;
}

function programSession(plan: TunnelPlan, target: string, env: NodeJS.ProcessEnv): () => TunnelSession {
  const cloudflared = plan.kind === 'cloudflared';
  // --no-autoupdate: an update would replace the binary under us; --loglevel info: the URL box is
  // logged at info, whatever TUNNEL_LOGLEVEL or a config file say.
  const args = cloudflared
    ? ['tunnel', '--no-autoupdate', '--loglevel', 'info', '--grace-period', '2s', '--url', `http://${target}`]
    : ['http', target, '--log', 'stdout', '--log-format', 'logfmt', '--log-level', 'info'];
  const programEnv = { ...env };
  delete programEnv.TUNNEL_LOG_OUTPUT; // json output would hide the URL from our reader
  const file = plan.kind === 'cloudflared' || plan.kind === 'ngrok-binary' ? plan.file : '';
  return () => runTunnelProgram({ name: cloudflared ? 'cloudflared' : 'ngrok', file, args, env: programEnv, readLine: cloudflared ? readCloudflaredLine : readNgrokLine });
}

function librarySession(file: string, target: string, authtoken: string, onStatus: (s: 'closed' | 'connected') => void): () => TunnelSession {
  return () => {
    const opened = forwardWithNgrokLibrary(file, target, authtoken, onStatus);
    opened.catch(() => undefined);
    let ended!: (why: string) => void;
    return {
      url: opened.then((s) => s.url),
      ended: new Promise<string>((resolve) => (ended = resolve)),
      stop: async () => {
        await opened.then((s) => s.close(), () => undefined);
        ended('stopped');
      },
    };
  };
}

/**
 * Puts the planned tunnel in front of `target` (host:port of the capture port, never the
 * inspector's) and keeps it up. The first start failing is a runtime failure (exit 3).
 */
export async function openTunnel(plan: TunnelPlan, target: string, token: string, env: NodeJS.ProcessEnv, out: TunnelOut, signal: AbortSignal): Promise<OpenTunnel> {
  const checking = new AbortController();
  let current = '';
  const say = (text: string, json: Record<string, unknown>) => {
    out.status.push(text);
    out.data?.push(`${JSON.stringify({ type: 'tunnel', ...json })}\n`);
  };
  const check = async () => {
    const url = current;
    const withinMs = plan.kind === 'cloudflared' ? QUICK_TUNNEL_CHECK_MS : 0;
    const result = await checkThrough(pasteUrl(url, token), { signal: checking.signal, withinMs, everyMs: CHECK_EVERY_MS });
    if (checking.signal.aborted || url !== current) return;
    const notPublic = unreachableFromCloud(new URL(url).hostname);
    say(renderCheck({ publicUrl: url, ...result, notPublic }, out.err, out.width()), { state: 'checked', reached: result.reached, coperniqCanReach: result.reached && !notPublic, detail: result.detail || notPublic || '' });
  };
  if (plan.kind === 'public-url') return { paste: pasteUrl((current = plan.url.href), token), check, stop: async () => checking.abort() };

  const onDown = (reason: string, retryInMs: number | null, restartFailed: boolean) =>
    say(renderTunnelDown(reason, retryInMs, restartFailed, out.err, out.width()), { state: 'down', reason, retryInMs });
  const onUp = (url: string) => {
    const changed = url !== current;
    current = url;
    say(renderTunnelUp(pasteUrl(url, token), changed, out.err, out.width()), { state: 'up', publicUrl: pasteUrl(url, token) });
    void check();
  };
  const start =
    plan.kind === 'ngrok-library'
      ? librarySession(plan.file, target, plan.authtoken, (s) => {
          if (!current) return; // before the first URL: the start itself reports
          if (s === 'closed') onDown('the ngrok session was lost', null, false);
          else onUp(current);
        })
      : programSession(plan, target, env);
  const supervised = await superviseTunnel(start, { onUp, onDown }, signal).catch((e: Error) => {
    throw new RuntimeFailure(`the tunnel did not start: ${e.message}`);
  });
  current = supervised.url;
  return {
    paste: pasteUrl(current, token),
    check,
    stop: async () => {
      checking.abort();
      await supervised.stop();
    },
  };
}
