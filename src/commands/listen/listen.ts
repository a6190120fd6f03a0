import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { RuntimeFailure, UsageError } from '../../core/errors.js';
import { isLoopbackHost } from '../../core/http/loopback.js';
import { redactUrl } from '../../core/capture/redact.js';
import { tokenMatches } from '../../core/capture/tokenMatch.js';
import { openCaptureStore } from '../../io/capture/captureStore.js';
import { makeForwarder } from '../../io/http/forwarder.js';
import { startReceiver, type Rejection } from '../../io/http/httpReceiver.js';
import { machineAddresses } from '../../io/http/machineAddresses.js';
import { LineSink } from '../../io/terminal/lineSink.js';
import { liveLineWidth } from '../../io/terminal/terminal.js';
import { renderListenDelivery, renderListenReady, renderListenSummary, type ListenCounts } from '../../render/listen/listenLines.js';
import { renderError, renderWarning } from '../../render/notice.js';
import { loadPaint } from '../../render/paint.js';
import { PARENT_EXITED, type Context } from '../context.js';
import { makeDeliveryHandler } from './deliveryHandler.js';
import { openTunnel, tunnelTarget, type OpenTunnel } from './tunnel.js';
import { planTunnel, type TunnelOptions } from './tunnelPlan.js';
import { renderPaste, renderTunnelStarting } from '../../render/listen/tunnelLines.js';
import { startInspector, type RunningInspector } from '../inspect/inspector.js';

export interface ListenOptions extends TunnelOptions {
  port: number;
  host: string;
  dir: string;
  token?: string;
  status: number;
  delay: number;
  forwardTo?: string;
  timeout: number;
  maxBody: number;
  validate: boolean;
  json: boolean;
  showSecrets: boolean;
  /** Sync each delivery to the disk before answering (`--no-fsync` turns it off). */
  fsync: boolean;
  /** The web inspector: on by default, on its own loopback port. */
  ui: boolean;
  uiPort: number;
}

const HEADERS_TIMEOUT_MS = 10_000;

function checkOptions(opts: ListenOptions, env: NodeJS.ProcessEnv): { token?: string; forwardTo?: URL } {
  // An empty COPERNIQ_HOOKS_TOKEN (e.g. `export COPERNIQ_HOOKS_TOKEN=` in CI) means no token.
  const token = opts.token || env.COPERNIQ_HOOKS_TOKEN || undefined;
  if (token !== undefined && !/^[^\s/?#&%]+$/.test(token)) {
    throw new UsageError('--token cannot contain spaces or any of / ? # & % (it goes into a URL as is)');
  }
  let forwardTo: URL | undefined;
  if (opts.forwardTo !== undefined) {
    try {
      forwardTo = new URL(opts.forwardTo);
    } catch {
      throw new UsageError(`--forward-to is not a URL: "${redactUrl(opts.forwardTo)}"`);
    }
    if (forwardTo.protocol !== 'http:' && forwardTo.protocol !== 'https:') {
      throw new UsageError(`--forward-to must be an http:// or https:// URL, got ${forwardTo.protocol}`);
    }
  }
  return { token, forwardTo };
}

/** The address actually bound, so `--host 0.0.0.0` never poses as a loopback-only URL. */
function publicUrl(host: string, port: number, token?: string): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}/${token ? `?token=${token}` : ''}`;
}

/** `listen`: a local capture endpoint that stores every delivery before acknowledging it. */
export async function listen(ctx: Context, opts: ListenOptions): Promise<number> {
  const checked = checkOptions(opts, ctx.env);
  const { forwardTo } = checked;
  const tunnelPlan = await planTunnel(opts, ctx.env, ctx.cwd, process.platform);
  // A public URL means a token: anyone who finds the URL could otherwise post into the captures.
  const generated = tunnelPlan !== null && checked.token === undefined;
  const token = generated ? randomBytes(18).toString('base64url') : checked.token;
  const err = await loadPaint(ctx.color.stderr);
  const width = () => liveLineWidth(ctx.stderr);
  const status = new LineSink(ctx.stderr);
  const data = opts.json
    ? new LineSink(ctx.stdout, (e) => status.push(renderWarning(`stdout closed (${(e as NodeJS.ErrnoException).code ?? e.message}): no more NDJSON lines; still capturing`, err)))
    : null;
  const dir = path.resolve(ctx.cwd, opts.dir);
  const show = opts.showSecrets;
  const redactTarget = (target: string) => redactUrl(target, { token, show });
  const counts: ListenCounts = { captured: 0, invalid: 0, duplicates: 0, rejected: 0, failed: 0, forwardFailed: 0 };

  const store = await openCaptureStore(dir, { shownDir: dir, fsync: opts.fsync, signal: ctx.signal }).catch((e: NodeJS.ErrnoException) => {
    if (e instanceof RuntimeFailure) throw e;
    // Ctrl-C while a large capture directory was being read: stopped before listening, the normal stop.
    if (ctx.signal.aborted) return null;
    throw new RuntimeFailure(`cannot use ${dir} as the capture directory: ${e.code === 'EEXIST' ? 'it is a file, not a directory' : e.code === 'ENOTDIR' ? 'part of the path is a file, not a directory' : e.message}`);
  });
  if (store === null) return 0;
  const forwardShown = forwardTo ? redactUrl(forwardTo.href, { token, show }) : undefined;
  const forwarder = forwardTo ? makeForwarder(forwardTo.href, opts.timeout) : undefined;
  const stopping = new AbortController();
  let inspector: RunningInspector | null = null;
  const onDelivery = makeDeliveryHandler({
    store,
    forwarder,
    forwardShown,
    status: opts.status,
    delayMs: opts.delay,
    validate: opts.validate,
    showSecrets: show,
    token,
    redactTarget,
    counts,
    stopping: stopping.signal,
    onCaptured: (view) => {
      status.push(renderListenDelivery(view, err, width()));
      data?.push(`${JSON.stringify({ type: 'delivery', ...view.entry })}\n`);
      inspector?.delivered({ seq: view.entry.seq, title: view.title, moved: view.moved });
    },
    onFailed: (message) => status.push(renderError(message, err)),
  });
  const onRejected = (r: Rejection) => {
    counts.rejected++;
    inspector?.rejected({ status: r.status, reason: r.detail });
    const what = r.method ? `${r.method} ${redactTarget(r.target)}` : 'connection';
    status.push(renderWarning(`${r.status} ${what} from ${r.remote || 'unknown'} rejected, nothing stored: ${r.detail}`, err));
  };

  let receiver;
  try {
    receiver = await startReceiver({
      host: opts.host,
      port: opts.port,
      maxBody: opts.maxBody,
      bodyTimeoutMs: opts.timeout,
      headersTimeoutMs: HEADERS_TIMEOUT_MS,
      authorize: token ? (target) => tokenMatches(target, token) : () => true,
      // Without the token, a prober learns only that something listens here: no counts, no version.
      status: (authorized) => (authorized ? { ok: true, listening: true, captured: counts.captured, tool: 'coperniq-hooks', version: ctx.version } : { ok: true, listening: true, tool: 'coperniq-hooks' }),
      onDelivery,
      onRejected,
    });
  } catch (e) {
    await store.close({ discard: true });
    await forwarder?.close();
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new RuntimeFailure(`port ${opts.port} on ${opts.host} is already in use; stop what holds it or pick another with --port (--port 0 takes a free one)`);
    }
    if (code === 'EACCES') throw new RuntimeFailure(`not allowed to listen on ${opts.host}:${opts.port} (ports below 1024 need privileges); pick another --port`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new RuntimeFailure(`cannot listen on host ${opts.host}: it is not an address of this machine`);
    throw e;
  }

  let tunnel: OpenTunnel | undefined;
  if (tunnelPlan) {
    const target = tunnelTarget(opts.host, receiver.port);
    if (tunnelPlan.kind !== 'public-url') status.push(renderTunnelStarting(tunnelPlan.kind, tunnelPlan.file, err));
    tunnel = await openTunnel(tunnelPlan, target, token as string, ctx.env, { status, data, err, width }, ctx.signal).catch(async (e: unknown) => {
      await receiver.close();
      await store.close({ discard: true });
      await forwarder?.close();
      if (!ctx.signal.aborted) throw e;
      status.push(renderListenSummary(counts, dir, err, width()));
      return undefined;
    });
    if (!tunnel) return 0;
  }
  const url = publicUrl(opts.host, receiver.port, token);
  // With a public URL the token is shown once, in the paste line; the local address goes without it.
  const shownUrl = tunnel ? publicUrl(opts.host, receiver.port) : url;
  const paste = tunnel ? renderPaste(tunnel.paste, generated, err, width()) : undefined;
  const exposure = isLoopbackHost(opts.host) ? undefined : { host: opts.host, port: receiver.port, rest: shownUrl.slice(shownUrl.indexOf('/', 'http://'.length)), addresses: machineAddresses(), tokenSet: Boolean(token), dir };
  // The inspector never goes through the tunnel: its own port, on loopback (issue 10).
  if (opts.ui) inspector = await startUi(opts, dir, receiver.port, forwardTo, ctx.version, (text) => status.push(renderWarning(text, err)));
  const inspectorUrl = inspector?.url;
  status.push(renderListenReady({ url: shownUrl, paste, dir, earlier: store.earlier, nextSeq: store.peekSeq(), forwardTo: forwardShown, validate: opts.validate, tokenSet: Boolean(token), exposure, inspectorUrl }, err, width()));
  data?.push(`${JSON.stringify({ type: 'ready', url, dir, ...(tunnel && { publicUrl: tunnel.paste }), ...(inspectorUrl ? { inspectorUrl } : {}) })}\n`);
  await status.flush();
  await data?.flush();
  void tunnel?.check();

  try {
    if (!ctx.signal.aborted) await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }));
    stopping.abort();
    if (ctx.signal.reason === PARENT_EXITED) status.push(renderWarning('the process that started listen has exited: stopping', err));
    status.push(`${err.dim('stopping: finishing deliveries in flight...')}\n`);
    // Deliveries in flight came through the tunnel and answer through it: it goes last.
    await receiver.close();
  } finally {
    await inspector?.close();
    await tunnel?.stop();
  }
  await forwarder?.close();
  await store.close();
  status.push(renderListenSummary(counts, dir, err, width()));
  data?.push(`${JSON.stringify({ type: 'summary', ...counts })}\n`);
  await status.flush();
  await data?.flush();
  return 0;
}

/** The inspector serves the capture, so a failure to start it is a warning: capturing goes on. */
async function startUi(opts: ListenOptions, dir: string, capturePort: number, forwardTo: URL | undefined, version: string, warn: (text: string) => void): Promise<RunningInspector | null> {
  try {
    return await startInspector({
      dir, port: opts.uiPort, nextFree: true, avoid: [capturePort], source: 'listen', version,
      replayTarget: forwardTo ? { url: forwardTo, source: 'forward-to' } : null, showSecrets: opts.showSecrets,
    });
  } catch (e) {
    warn(`the web inspector did not start (${(e as Error).message}); capturing without it`);
    return null;
  }
}
