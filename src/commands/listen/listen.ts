import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { RuntimeFailure, UsageError } from '../../core/errors.js';
import { isLoopbackHost } from '../../core/http/loopback.js';
import { redactUrl, urlSecrets } from '../../core/capture/redact.js';
import { UNCHANGED_PLACE, type StorePlace } from '../../core/capture/storePlace.js';
import { tokenMatcher } from '../../core/capture/tokenMatch.js';
import { openCaptureStore, type CaptureStore } from '../../io/capture/captureStore.js';
import { makeForwarder, type Forwarder } from '../../io/http/forwarder.js';
import { startReceiver, type Receiver, type Rejection } from '../../io/http/httpReceiver.js';
import { machineAddresses } from '../../io/http/machineAddresses.js';
import { LineSink } from '../../io/terminal/lineSink.js';
import { liveLineWidth } from '../../io/terminal/terminal.js';
import { renderListenDelivery, renderListenReady, renderListenSummary, renderRejected, type ListenCounts } from '../../render/listen/listenLines.js';
import { renderError, renderWarning } from '../../render/notice.js';
import { loadPaint } from '../../render/paint.js';
import { PARENT_EXITED, type Context } from '../context.js';
import { makeDeliveryHandler } from './deliveryHandler.js';
import { openTunnel, tunnelTarget, type OpenTunnel, type TunnelOut } from './tunnel.js';
import { planTunnel, type TunnelOptions, type TunnelPlan } from './tunnelPlan.js';
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

/** What is settled before anything is opened: options, the token, the tunnel plan, the output. */
interface ListenPlan {
  dir: string;
  token?: string;
  /** The token was made up here (a public URL needs one): shown once, in the paste line. */
  generated: boolean;
  forwardTo?: URL;
  tunnelPlan: TunnelPlan | null;
  out: TunnelOut;
  redactTarget: (target: string) => string;
  counts: ListenCounts;
}

/** `listen`: a local capture endpoint that stores every delivery before acknowledging it. */
export async function listen(ctx: Context, opts: ListenOptions): Promise<number> {
  const plan = await planListen(ctx, opts);
  try {
    const store = await openStore(plan.dir, opts, ctx.signal);
    // Ctrl-C while a large capture directory was being read: stopped before listening, the normal stop.
    if (store === null) return 0;
    const session = new ListenSession(ctx, opts, plan, store);
    if (!(await session.start())) return 0;
    if (!ctx.signal.aborted) await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }));
    await session.stop();
    return 0;
  } finally {
    // Lines still waiting for their turn go out before the process exits (and before an error's message).
    await plan.out.status.flush();
    await plan.out.data?.flush();
  }
}

async function planListen(ctx: Context, opts: ListenOptions): Promise<ListenPlan> {
  const checked = checkOptions(opts, ctx.env);
  const tunnelPlan = await planTunnel(opts, ctx.env, ctx.cwd, process.platform);
  // A public URL means a token: anyone who finds the URL could otherwise post into the captures.
  const generated = tunnelPlan !== null && checked.token === undefined;
  const token = generated ? randomBytes(18).toString('base64url') : checked.token;
  const err = await loadPaint(ctx.color.stderr);
  const status = new LineSink(ctx.stderr);
  const data = opts.json
    ? new LineSink(ctx.stdout, (e) => status.push(renderWarning(`stdout closed (${(e as NodeJS.ErrnoException).code ?? e.message}): no more NDJSON lines; still capturing`, err, liveLineWidth(ctx.stderr))))
    : null;
  return {
    dir: path.resolve(ctx.cwd, opts.dir),
    token,
    generated,
    forwardTo: checked.forwardTo,
    tunnelPlan,
    out: { status, data, err, width: () => liveLineWidth(ctx.stderr) },
    redactTarget: (target) => redactUrl(target, { token, show: opts.showSecrets }),
    counts: { captured: 0, invalid: 0, duplicates: 0, rejected: 0, failed: 0, forwardFailed: 0 },
  };
}

async function openStore(dir: string, opts: ListenOptions, signal: AbortSignal): Promise<CaptureStore | null> {
  return openCaptureStore(dir, { shownDir: dir, fsync: opts.fsync, signal }).catch((e: NodeJS.ErrnoException) => {
    if (e instanceof RuntimeFailure) throw e;
    if (signal.aborted) return null;
    throw new RuntimeFailure(`cannot use ${dir} as the capture directory: ${e.code === 'EEXIST' ? 'it is a file, not a directory' : e.code === 'ENOTDIR' ? 'part of the path is a file, not a directory' : e.message}`);
  });
}

/** The running parts of one `listen`, started in order and stopped in the reverse order. */
class ListenSession {
  private readonly stopping = new AbortController();
  private readonly forwarder?: Forwarder;
  private readonly forwardShown?: string;
  private receiver?: Receiver;
  private tunnel?: OpenTunnel;
  private inspector: RunningInspector | null = null;

  constructor(
    private readonly ctx: Context,
    private readonly opts: ListenOptions,
    private readonly plan: ListenPlan,
    private readonly store: CaptureStore,
  ) {
    const { forwardTo, token } = plan;
    this.forwardShown = forwardTo ? redactUrl(forwardTo.href, { token, show: opts.showSecrets }) : undefined;
    this.forwarder = forwardTo ? makeForwarder(forwardTo.href, opts.timeout, this.stopping.signal) : undefined;
  }

  /** False when Ctrl-C came while the tunnel was starting (everything is closed again by then). */
  async start(): Promise<boolean> {
    this.receiver = await this.startReceiving();
    if (this.plan.tunnelPlan && !(await this.startTunnel(this.plan.tunnelPlan, this.receiver.port))) return false;
    // The inspector never goes through the tunnel: its own port, on loopback (issue 10).
    if (this.opts.ui) this.inspector = await startUi(this.opts, this.plan.dir, this.receiver.port, this.plan.forwardTo, this.ctx.version, (text) => this.plan.out.status.push(renderWarning(text, this.plan.out.err, this.plan.out.width())));
    await this.announceReady(this.receiver.port);
    void this.tunnel?.check();
    return true;
  }

  async stop(): Promise<void> {
    const { status, err, width } = this.plan.out;
    try {
      this.stopping.abort();
      if (this.ctx.signal.reason === PARENT_EXITED) status.push(renderWarning('the process that started listen has exited: stopping', err, width()));
      status.push(`${err.dim('stopping: finishing deliveries in flight...')}\n`);
      // Deliveries in flight came through the tunnel and answer through it: it goes last.
      await this.receiver?.close();
    } finally {
      await this.inspector?.close();
      await this.tunnel?.stop();
    }
    await this.forwarder?.close();
    const place = await this.store.place();
    await this.store.close();
    this.summarise(place);
  }

  private async startReceiving(): Promise<Receiver> {
    const { opts, plan, ctx } = this;
    const { token, counts } = plan;
    try {
      return await startReceiver({
        host: opts.host,
        port: opts.port,
        maxBody: opts.maxBody,
        bodyTimeoutMs: opts.timeout,
        headersTimeoutMs: HEADERS_TIMEOUT_MS,
        authorize: token ? tokenMatcher(token) : () => true,
        // Without the token, a prober learns only that something listens here: no counts, no version.
        status: (authorized) => (authorized ? { ok: true, listening: true, captured: counts.captured, tool: 'coperniq-hooks', version: ctx.version } : { ok: true, listening: true, tool: 'coperniq-hooks' }),
        onDelivery: this.deliveryHandler(),
        onRejected: (r) => this.rejected(r),
      });
    } catch (e) {
      await this.store.close({ discard: true });
      await this.forwarder?.close();
      throw bindFailure(e, opts);
    }
  }

  private deliveryHandler() {
    const { opts, plan } = this;
    const { status, data, err, width } = plan.out;
    return makeDeliveryHandler({
      store: this.store,
      forwarder: this.forwarder,
      forwardShown: this.forwardShown,
      forwardSecrets: plan.forwardTo && !opts.showSecrets ? urlSecrets(plan.forwardTo.href) : [],
      status: opts.status,
      delayMs: opts.delay,
      validate: opts.validate,
      showSecrets: opts.showSecrets,
      token: plan.token,
      redactTarget: plan.redactTarget,
      counts: plan.counts,
      stopping: this.stopping.signal,
      onCaptured: (view) => {
        status.push(renderListenDelivery(view, err, width()));
        data?.push(`${JSON.stringify({ type: 'delivery', ...view.entry })}\n`);
        this.inspector?.delivered({ seq: view.entry.seq, title: view.title, moved: view.moved });
      },
      onFailed: (message) => status.push(renderError(message, err, width())),
    });
  }

  private rejected(r: Rejection): void {
    this.plan.counts.rejected++;
    this.inspector?.rejected({ status: r.status, reason: r.detail });
    const { status, err, width } = this.plan.out;
    status.push(renderRejected({ ...r, target: this.plan.redactTarget(r.target) }, err, width()));
  }

  private async startTunnel(tunnelPlan: TunnelPlan, port: number): Promise<boolean> {
    const { out, token } = this.plan;
    if (tunnelPlan.kind !== 'public-url') out.status.push(renderTunnelStarting(tunnelPlan.kind, tunnelPlan.file, out.err));
    try {
      this.tunnel = await openTunnel(tunnelPlan, tunnelTarget(this.opts.host, port), token as string, this.ctx.env, out, this.ctx.signal);
      return true;
    } catch (e) {
      await this.receiver?.close();
      await this.store.close({ discard: true });
      await this.forwarder?.close();
      if (!this.ctx.signal.aborted) throw e;
      // Stopped before the first delivery could come: nothing was captured anywhere.
      out.status.push(renderListenSummary(this.plan.counts, this.plan.dir, UNCHANGED_PLACE, out.err, out.width()));
      return false;
    }
  }

  private async announceReady(port: number): Promise<void> {
    const { opts, plan, store, tunnel } = this;
    const { status, data, err, width } = plan.out;
    const url = publicUrl(opts.host, port, plan.token);
    // With a public URL the token is shown once, in the paste line; the local address goes without it.
    const shownUrl = tunnel ? publicUrl(opts.host, port) : url;
    const paste = tunnel ? renderPaste(tunnel.paste, plan.generated, err, width()) : undefined;
    const exposure = isLoopbackHost(opts.host)
      ? undefined
      : { host: opts.host, port, rest: shownUrl.slice(shownUrl.indexOf('/', 'http://'.length)), addresses: machineAddresses(), tokenSet: Boolean(plan.token), dir: plan.dir };
    const inspectorUrl = this.inspector?.url;
    status.push(renderListenReady({ url: shownUrl, paste, dir: plan.dir, earlier: store.earlier, nextSeq: store.peekSeq(), forwardTo: this.forwardShown, validate: opts.validate, tokenSet: Boolean(plan.token), exposure, inspectorUrl }, err, width()));
    data?.push(`${JSON.stringify({ type: 'ready', url, dir: plan.dir, ...(tunnel && { publicUrl: tunnel.paste }), ...(inspectorUrl ? { inspectorUrl } : {}) })}\n`);
    await status.flush();
    await data?.flush();
  }

  // Written out by listen() on its way out, with whatever else is pending.
  private summarise(place: StorePlace): void {
    const { counts, dir, out } = this.plan;
    out.status.push(renderListenSummary(counts, dir, place, out.err, out.width()));
    const changed = place.dirChanged || place.indexChanged;
    out.data?.push(`${JSON.stringify({ type: 'summary', ...counts, ...(changed && { place }) })}\n`);
  }
}

/** Why the capture port could not be had, in the user's terms. */
function bindFailure(e: unknown, opts: ListenOptions): unknown {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return new RuntimeFailure(`port ${opts.port} on ${opts.host} is already in use; stop what holds it or pick another with --port (--port 0 takes a free one)`);
  if (code === 'EACCES') return new RuntimeFailure(`not allowed to listen on ${opts.host}:${opts.port} (ports below 1024 need privileges); pick another --port`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return new RuntimeFailure(`cannot listen on host ${opts.host}: it is not an address of this machine`);
  return e;
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
