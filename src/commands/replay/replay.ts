/**
 * `replay`: send saved payloads (files, directories, capture directories, stdin, bundled samples)
 * to a URL, byte for byte unless asked to change them, and report every delivery.
 */
import { UsageError } from '../../core/errors.js';
import { isSecretHeader, redactUrl, urlSecrets, type RedactOptions } from '../../core/capture/redact.js';
import { parseStored, preparer, type Prepared, type StoredPayload } from '../../core/replay/prepareDelivery.js';
import { headerPlan, newIdSource, type HeaderPlan } from '../../core/replay/replayChanges.js';
import { isLoopbackHost } from '../../core/http/loopback.js';
import { parseExpect, parseSet, parseTarget, type Expect, type SetChange } from '../../core/replay/replayOptions.js';
import { orderForReplay } from '../../core/replay/replayPlan.js';
import { replayCases, replayExitCode, summarizeReplay, type ReplayReport } from '../../core/replay/replayReport.js';
import type { ResultTable } from '../../core/replay/resultTable.js';
import { SetFitCheck } from '../../core/replay/setFit.js';
import { counted } from '../../core/text/plural.js';
import { askYesNo } from '../../io/terminal/confirm.js';
import { collectInputs, type Input } from '../../io/inputs/inputs.js';
import { DeliveryQueue } from '../../io/inputs/deliveryQueue.js';
import { rateGate } from '../../io/http/rateGate.js';
import { useLeanRuntime } from '../../io/runtime/useLeanRuntime.js';
import { scanInputs, type ReplayItem } from '../../io/inputs/replayInputs.js';
import { Sender } from '../../io/http/sender.js';
import { startStatusLine } from '../../io/terminal/statusLine.js';
import { outputWidth, write } from '../../io/terminal/terminal.js';
import { renderJunit } from '../../render/junit.js';
import { renderWarning } from '../../render/notice.js';
import { loadPaint } from '../../render/paint.js';
import { renderReplayProgress } from '../../render/replay/progress.js';
import { renderReplayNotes, renderReplayStart } from '../../render/replay/replayNotes.js';
import * as render from '../../render/replay/replayReport.js';
import type { Context } from '../context.js';
import { sampleInputs } from '../sample/sampleInputs.js';
import { inputReader, pickInputs, type InputFlags } from '../select/pickInputs.js';
import { dryRun } from './dryRun.js';
import { runDeliveries } from './replayRun.js';

export interface ReplayOptions extends InputFlags {
  to?: string;
  concurrency: number;
  rate?: number;
  timeout: number;
  retries: number;
  header?: string[];
  keepHeaders?: boolean;
  set?: string[];
  setNew?: string[];
  newIds?: boolean;
  times: number;
  sample?: string[];
  expect: string;
  dryRun?: boolean;
  yes?: boolean;
  format: 'pretty' | 'json' | 'junit';
  showSecrets?: boolean;
  /** A secret in the target (a path token) to hide in what is printed. */
  token?: string;
}

/** Above this many deliveries, a host that is not loopback needs a yes (DESIGN.md, "Safe by default"). */
export const CONFIRM_ABOVE = 20;

/** The option values, checked before any input is read (bad ones are usage errors, exit 2). */
interface Settings {
  target: URL;
  /** The target as printed: secrets redacted. */
  shown: string;
  /** How headers are redacted in what is printed. */
  redaction: RedactOptions;
  /** Hidden in the receiver's answers the report shows: the target's secrets, the token, secret headers' values. */
  secrets: string[];
  headers: HeaderPlan;
  sets: SetChange[];
  expect: Expect;
}

interface Run {
  queue: DeliveryQueue;
  prepare: (stored: StoredPayload, bytes: Buffer) => Prepared;
}

export async function replay(paths: string[], opts: ReplayOptions, ctx: Context): Promise<number> {
  useLeanRuntime();
  const settings = readSettings(opts, ctx);
  const items = await readInputs(paths, opts, ctx, settings.target);
  if (typeof items === 'number') return items;
  const nextId = opts.newIds ? newIdSource(items.length * opts.times, eventIdsOf(items)) : undefined;
  const queue = new DeliveryQueue(items, opts.times, opts.maxInput);
  if (!(await checkSetsFit(queue, settings.sets, ctx))) return 130;
  const run: Run = { queue, prepare: preparer({ headers: settings.headers, sets: settings.sets, nextId, now: () => new Date() }) };
  if (opts.dryRun) return dryRun(run, { target: settings.shown, format: opts.format, redaction: settings.redaction }, ctx);
  return send(run, settings, opts, ctx);
}

function readSettings(opts: ReplayOptions, ctx: Context): Settings {
  const target = parseTarget(opts.to ?? ctx.env.COPERNIQ_HOOKS_TARGET);
  const redaction = { token: opts.token || ctx.env.COPERNIQ_HOOKS_TOKEN || undefined, show: Boolean(opts.showSecrets) };
  const shown = redactUrl(target.href, redaction);
  const headers = headerPlan(target, opts.header ?? [], { userAgent: `coperniq-hooks/${ctx.version}`, keep: Boolean(opts.keepHeaders) });
  // --set-new first, so that a --set may change a field inside what --set-new created.
  const sets = [...(opts.setNew ?? []).map((arg) => parseSet(arg, true)), ...(opts.set ?? []).map((arg) => parseSet(arg))];
  const expect = parseExpect(opts.expect);
  if (opts.dryRun && opts.format === 'junit') throw new UsageError('--dry-run prints pretty or json, not junit');
  const secrets = redaction.show ? [] : answerSecrets(target, redaction.token, headers);
  return { target, shown, redaction, secrets, headers, sets, expect };
}

function answerSecrets(target: URL, token: string | undefined, headers: HeaderPlan): string[] {
  const given = headers.extra.filter(([name]) => isSecretHeader(name)).map(([, value]) => value.replace(/^(Bearer|Basic|Token)\s+/i, ''));
  return [...urlSecrets(target.href), ...(token ? [token] : []), ...given.filter((v) => v.length >= 6)];
}

function* eventIdsOf(items: ReplayItem[]): Generator<number | string | null> {
  for (const item of items) yield item.eventId;
}

/**
 * A --set that fits none of the payloads is a typo or the wrong trigger: exit 2 before anything is
 * sent. The check stops at the first payloads every change fits, usually the first one.
 * False after Ctrl-C.
 */
async function checkSetsFit(queue: DeliveryQueue, sets: SetChange[], ctx: Context): Promise<boolean> {
  if (sets.length === 0) return true;
  const check = new SetFitCheck(sets);
  let seen = 0;
  for (const { item, bytes } of queue.peek()) {
    const parsed = parseStored(bytes, item.encoding);
    if (parsed.ok) check.observe(item.name, parsed.value);
    if (check.done) break;
    // Parsing 100,000 files is seconds of work: let Ctrl-C in.
    if (++seen % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
    if (ctx.signal.aborted) {
      await write(ctx.stderr, 'interrupted while reading inputs; nothing was sent\n');
      return false;
    }
  }
  const problem = check.problem();
  if (problem) throw problem;
  return true;
}

async function send(run: Run, settings: Settings, opts: ReplayOptions, ctx: Context): Promise<number> {
  const { queue } = run;
  const sender = new Sender(settings.target, { connections: opts.concurrency, timeoutMs: opts.timeout, signal: ctx.signal, secrets: settings.secrets });
  await write(ctx.stderr, renderReplayStart(queue.planned, settings.shown, outputWidth(ctx.stderr)));
  const progress = startProgress(ctx, queue.planned);
  let results: ResultTable;
  try {
    results = await runDeliveries({
      ...run, concurrency: opts.concurrency, retries: opts.retries, expect: settings.expect, sender,
      gate: rateGate(opts.rate, ctx.signal), signal: ctx.signal, onDone: progress.tick,
    });
  } finally {
    progress.stop();
    await sender.close();
  }
  // The bytes small runs kept are not needed for the report.
  queue.clear();
  const summary = summarizeReplay(queue.planned, results, ctx.signal.aborted);
  await writeReport({ target: settings.shown, expect: settings.expect.text, times: opts.times, results, summary }, opts.format, ctx);
  await write(ctx.stderr, renderReplayNotes(summary, outputWidth(ctx.stderr)));
  return replayExitCode(summary);
}

async function writeReport(report: ReplayReport, format: ReplayOptions['format'], ctx: Context): Promise<void> {
  const chunks =
    format === 'json' ? render.renderReplayJson(report)
    : format === 'junit' ? [renderJunit(replayCases(report))]
    : render.renderReplayPretty(report, await loadPaint(ctx.color.stdout), outputWidth(ctx.stdout));
  for (const chunk of chunks) await write(ctx.stdout, chunk);
}

/** Counts for the progress line, drawn only on a terminal and only for more than one delivery. */
function startProgress(ctx: Context, total: number): { tick: (failed: boolean) => void; stop: () => void } {
  let done = 0;
  let failed = 0;
  const line = total < 2 ? null : startStatusLine(ctx.stderr, (elapsedMs) => renderReplayProgress(done, total, failed, elapsedMs));
  const tick = (isFailure: boolean) => {
    done++;
    if (isFailure) failed++;
  };
  return { tick, stop: () => line?.stop() };
}

async function readInputs(paths: string[], opts: ReplayOptions, ctx: Context, target: URL): Promise<ReplayItem[] | number> {
  const warn = async (text: string) => write(ctx.stderr, renderWarning(text, await loadPaint(ctx.color.stderr), outputWidth(ctx.stderr)));
  const samples = sampleInputs(opts.sample ?? []);
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
    const what = `send ${counted(planned, 'delivery', 'deliveries')} to ${redactUrl(target.origin)} (not this machine)`;
    const canAsk = Boolean(ctx.stdin.isTTY && ctx.stderr.isTTY) && !paths.includes('-');
    if (!canAsk) throw new UsageError(`refusing to ${what} without --yes; nothing was sent`);
    const question = `${what[0].toUpperCase()}${what.slice(1)}?`;
    if (!(await askYesNo(question, ctx.stdin, ctx.stderr, ctx.signal))) {
      await write(ctx.stderr, 'not confirmed; nothing was sent\n');
      return ctx.signal.aborted ? 130 : 2;
    }
  }
  // Samples go first, in the order given (a scenario: created, then moved); files by firedAt.
  const picked = (inputs as Input[]).filter((i) => !i.bytes);
  const items = [...(await scanInputs(inputs.filter((i) => i?.bytes), reader)), ...orderForReplay(await scanInputs(picked, reader))];
  if (ctx.signal.aborted) {
    await write(ctx.stderr, 'interrupted while reading inputs; nothing was sent\n');
    return 130;
  }
  return items;
}
