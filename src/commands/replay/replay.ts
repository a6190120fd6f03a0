/**
 * `replay`: send saved payloads (files, directories, capture directories, stdin, bundled samples)
 * to a URL, byte for byte unless asked to change them, and report every delivery.
 */
import { UsageError } from '../../core/errors.js';
import { parseJsonBytes } from '../../core/payload/json.js';
import { decodeStored } from '../../core/capture/storedBody.js';
import { redactHeaders, redactUrl } from '../../core/capture/redact.js';
import { safeDecodeURIComponent } from '../../core/text/uriDecode.js';
import { applyNewIds, applySet, buildHeaders, newIdSource } from '../../core/replay/replayChanges.js';
import { isLoopbackHost } from '../../core/http/loopback.js';
import { parseExpect, parseHeaderArg, parseSet, parseTarget } from '../../core/replay/replayOptions.js';
import { orderForReplay, summarizeReplay, type DeliveryResult } from '../../core/replay/replayPlan.js';
import { askYesNo } from '../../io/terminal/confirm.js';
import { collectInputs, type Input } from '../../io/inputs/inputs.js';
import { rateGate } from '../../io/http/rateGate.js';
import { readBody, releaseBody, scanInputs, type ReplayItem } from '../../io/inputs/replayInputs.js';
import { ScratchReader } from '../../io/inputs/scratchReader.js';
import { samplePath } from '../../io/inputs/samples.js';
import { Sender } from '../../io/http/sender.js';
import { outputWidth, write } from '../../io/terminal/terminal.js';
import { replayCases, type DryRunEntry, type ReplayReport } from '../../core/replay/replayReport.js';
import { renderJunit } from '../../render/junit.js';
import { renderWarning } from '../../render/notice.js';
import { loadPaint } from '../../render/paint.js';
import { renderReplayProgress } from '../../render/replay/progress.js';
import * as render from '../../render/replay/replayReport.js';
import type { Context } from '../context.js';
import { inputReader, pickInputs, type InputFlags } from '../select/pickInputs.js';
import { runDeliveries, type Prepared } from './replayRun.js';

export interface ReplayOptions extends InputFlags {
  to?: string;
  concurrency: number;
  rate?: number;
  timeout: number;
  retries: number;
  header?: string[];
  keepHeaders?: boolean;
  set?: string[];
  newIds?: boolean;
  times: number;
  sample?: string[];
  expect: string;
  dryRun?: boolean;
  yes?: boolean;
  format: 'pretty' | 'json' | 'junit';
  showSecrets?: boolean;
}

/** Above this many deliveries, a host that is not loopback needs a yes (DESIGN.md, "Safe by default"). */
export const CONFIRM_ABOVE = 20;

export async function replay(paths: string[], opts: ReplayOptions, ctx: Context): Promise<number> {
  const target = parseTarget(opts.to ?? ctx.env.COPERNIQ_HOOKS_TARGET);
  const show = Boolean(opts.showSecrets);
  const shownTarget = redactUrl(target.href, { token: ctx.env.COPERNIQ_HOOKS_TOKEN || undefined, show });
  const extra = (opts.header ?? []).map(parseHeaderArg);
  // undici posts to the origin, which drops user:password; send it as curl would, unless --header set one.
  if ((target.username || target.password) && !extra.some(([name]) => name === 'authorization')) {
    const decode = (s: string) => safeDecodeURIComponent(s) ?? s;
    const basic = Buffer.from(`${decode(target.username)}:${decode(target.password)}`).toString('base64');
    extra.unshift(['authorization', `Basic ${basic}`]);
  }
  const sets = (opts.set ?? []).map(parseSet);
  const expect = parseExpect(opts.expect);
  if (opts.dryRun && opts.format === 'junit') throw new UsageError('--dry-run prints pretty or json, not junit');

  // Inputs are collected and the confirmation settled in a function of their own, so the
  // 100,000 Input objects of a big run can be freed once the scan has its ReplayItems.
  const items = await readInputs(paths, opts, ctx, target);
  if (typeof items === 'number') return items;
  const planned = items.length * opts.times;
  const nextId = newIdSource(Date.now());
  const changing = sets.length > 0 || opts.newIds;
  const plainHeaders = buildHeaders({ userAgent: `coperniq-hooks/${ctx.version}`, keep: Boolean(opts.keepHeaders), extra });
  const headersFor = (item: ReplayItem) =>
    item.capture ? buildHeaders({ userAgent: `coperniq-hooks/${ctx.version}`, keep: Boolean(opts.keepHeaders), extra }, item.capture.headers) : plainHeaders;

  const scratch: ScratchReader[] = [];
  const prepare = (item: ReplayItem, copy: number, worker?: number): Prepared => {
    if (item.problem) return { problem: item.problem };
    const bytes = readBody(item, opts.maxInput, worker === undefined ? undefined : (scratch[worker] ??= new ScratchReader(opts.maxInput)));
    if (copy === opts.times) releaseBody(item);
    const encoding = item.encoding;
    // A gzip capture goes out as stored, labelled as it arrived; a changed one is decoded and sent plain.
    if (!changing) return { body: bytes, headers: encoding ? { ...headersFor(item), 'content-encoding': encoding } : headersFor(item), changed: [], eventId: item.eventId };
    const decoded = decodeStored(bytes, encoding);
    if (!decoded.ok) return { problem: `cannot change it: ${decoded.message}` };
    const parsed = parseJsonBytes(decoded.bytes);
    if (!parsed.ok) return { problem: `cannot change it: ${parsed.message}` };
    const changed: string[] = [];
    for (const s of sets) {
      const problem = applySet(parsed.value, s);
      if (problem) return { problem };
      changed.push(s.path);
    }
    let eventId = item.eventId;
    if (opts.newIds) {
      const id = nextId();
      const problem = applyNewIds(parsed.value, id, new Date());
      if (problem) return { problem };
      changed.push('event.eventId', 'event.firedAt');
      eventId = id;
    }
    const headers = headersFor(item);
    delete headers['content-encoding'];
    return { body: Buffer.from(JSON.stringify(parsed.value)), headers, changed, eventId };
  };

  if (opts.dryRun) return dryRun(items, opts, prepare, shownTarget, ctx);

  const sender = new Sender(target, { connections: opts.concurrency, timeoutMs: opts.timeout, signal: ctx.signal });
  await write(ctx.stderr, `replaying ${planned} deliveries to ${shownTarget}\n`);
  const progress = startProgress(ctx, planned);
  let results: DeliveryResult[];
  try {
    results = await runDeliveries({
      items, times: opts.times, concurrency: opts.concurrency, retries: opts.retries,
      expect, sender, prepare, gate: rateGate(opts.rate, ctx.signal), signal: ctx.signal, onDone: progress.tick,
    });
  } finally {
    progress.stop();
    await sender.close();
  }
  // The report needs only the results: let 100,000 items go before rendering builds its text.
  items.length = 0;
  const interrupted = ctx.signal.aborted;
  const report: ReplayReport = { target: shownTarget, expect: expect.text, times: opts.times, results, summary: summarizeReplay(planned, results, interrupted) };
  const chunks =
    opts.format === 'json' ? render.renderReplayJson(report)
    : opts.format === 'junit' ? [renderJunit(replayCases(report))]
    : render.renderReplayPretty(report, await loadPaint(ctx.color.stdout), outputWidth(ctx.stdout));
  for (const chunk of chunks) await write(ctx.stdout, chunk);
  if (interrupted) {
    await write(ctx.stderr, `interrupted: ${report.summary.sent} of ${planned} deliveries sent\n`);
    return 130;
  }
  return report.summary.failed > 0 ? 1 : 0;
}

async function dryRun(items: ReplayItem[], opts: ReplayOptions, prepare: (item: ReplayItem, copy: number) => Prepared, target: string, ctx: Context): Promise<number> {
  const entries: DryRunEntry[] = [];
  for (const item of items) {
    for (let copy = 1; copy <= opts.times; copy++) {
      let p: Prepared;
      try {
        p = prepare(item, copy);
      } catch (err) {
        p = { problem: `cannot read: ${(err as Error).message}` };
      }
      const base = { file: item.name, copy, trigger: item.trigger, eventId: item.eventId };
      entries.push('problem' in p
        ? { ...base, bytes: null, headers: {}, changed: [], problem: p.problem }
        : { ...base, eventId: p.eventId, bytes: p.body.length, headers: redactHeaders(p.headers, { show: Boolean(opts.showSecrets), token: ctx.env.COPERNIQ_HOOKS_TOKEN || undefined }), changed: p.changed });
    }
  }
  const report = { target, entries };
  await write(ctx.stdout, opts.format === 'json' ? render.renderReplayDryRunJson(report) : render.renderReplayDryRunPretty(report, await loadPaint(ctx.color.stdout), outputWidth(ctx.stdout)));
  return entries.some((e) => e.problem) ? 1 : 0;
}

/** A progress bar on a terminal's stderr, redrawn at most ten times a second; nothing otherwise. */
function startProgress(ctx: Context, total: number): { tick: (r: DeliveryResult) => void; stop: () => void } {
  let done = 0;
  let failed = 0;
  const tick = (r: DeliveryResult) => {
    done++;
    if (!r.ok) failed++;
  };
  if (!ctx.stderr.isTTY || total < 2) return { tick, stop: () => {} };
  const t0 = performance.now();
  const draw = () => ctx.stderr.write(`\r\x1b[K${renderReplayProgress(done, total, failed, performance.now() - t0)}`);
  const timer = setInterval(draw, 100);
  timer.unref();
  return { tick, stop: () => (clearInterval(timer), ctx.stderr.write('\r\x1b[K')) };
}

async function readInputs(paths: string[], opts: ReplayOptions, ctx: Context, target: URL): Promise<ReplayItem[] | number> {
  const warn = async (text: string) => write(ctx.stderr, renderWarning(text, await loadPaint(ctx.color.stderr)));
  const samples: Input[] = (opts.sample ?? []).map((t) => {
    const file = samplePath(t);
    return { name: `sample ${t.trim().toUpperCase()}`, path: file, relative: file };
  });
  const collected = await collectInputs(paths, { cwd: ctx.cwd, maxBytes: opts.maxInput, signal: ctx.signal });
  const found: Input[] = [...samples, ...collected.inputs];
  collected.inputs.length = 0;
  if (found.length === 0) {
    throw new UsageError(collected.empty.length ? `no payload files (*.json) found in ${collected.empty.join(', ')}` : 'no inputs: give payload files, directories, "-" for stdin, or --sample TRIGGER');
  }
  for (const dir of collected.empty) await warn(`no payload files found in ${dir}`);
  for (const p of collected.indexProblems) await warn(`${p.dir}: unreadable index lines ${p.lines.join(', ')} (skipped)`);
  const reader = inputReader(opts, ctx);
  const inputs: (Input | undefined)[] = await pickInputs(found, opts, ctx, { reader, where: [...paths, ...(opts.sample ?? []).map((s) => `--sample ${s}`)].join(' ') });
  const planned = inputs.length * opts.times;

  // Decided before reading a payload or touching the network, so a refusal sends and resolves nothing.
  if (!opts.dryRun && planned > CONFIRM_ABOVE && !opts.yes && !isLoopbackHost(target.hostname)) {
    const what = `send ${planned} deliveries to ${redactUrl(target.origin)} (not this machine)`;
    const canAsk = Boolean(ctx.stdin.isTTY && ctx.stderr.isTTY) && !paths.includes('-');
    if (!canAsk) throw new UsageError(`refusing to ${what} without --yes; nothing was sent`);
    const question = `${what[0].toUpperCase()}${what.slice(1)}?`;
    if (!(await askYesNo(question, ctx.stdin, ctx.stderr, ctx.signal))) {
      await write(ctx.stderr, 'not confirmed; nothing was sent\n');
      return ctx.signal.aborted ? 130 : 2;
    }
  }
  const items = orderForReplay(await scanInputs(inputs, reader));
  if (ctx.signal.aborted) {
    await write(ctx.stderr, 'interrupted while reading inputs; nothing was sent\n');
    return 130;
  }
  return items;
}
