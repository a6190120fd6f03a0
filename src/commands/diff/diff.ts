import { Comparison } from '../../core/diff/comparison.js';
import { headline, isEqual, type DiffReport } from '../../core/diff/diffReport.js';
import { PatternError } from '../../core/diff/pathPattern.js';
import { UsageError } from '../../core/errors.js';
import { quote } from '../../core/text/printable.js';
import { loadJson, readSide, type Side } from '../../io/inputs/diffSides.js';
import { outputWidth, write } from '../../io/terminal/terminal.js';
import { renderDiffJson, renderDiffPatch } from '../../render/diff/diffJson.js';
// Static: the default report, and its own code is small (what it measures text with is loaded anyway).
import { renderDiffPretty } from '../../render/diff/diffPretty.js';
import { loadPaint } from '../../render/paint.js';
import type { Context } from '../context.js';
import { inputReader, type InputFlags } from '../select/pickInputs.js';
import { pickSide } from '../select/pickSide.js';

export interface DiffFlags {
  ignore: string[];
  ignoreVolatile: boolean;
  arrayKey: string[];
  shape: boolean;
  format: 'pretty' | 'json' | 'patch';
}

const MAX_NOTES = 20;

export async function diffCommand(ctx: Context, a: string, b: string, flags: DiffFlags, input: InputFlags): Promise<number> {
  checkFlags(a, b, flags);
  const comparison = comparisonFor(flags);
  const reader = inputReader(input, ctx);
  const sa = await pickSide(await readSide(a, ctx.cwd, reader), input, ctx);
  const sb = await pickSide(await readSide(b, ctx.cwd, reader), input, ctx);
  let report: DiffReport;
  if (sa.kind === 'file' && sb.kind === 'file') {
    const va = await loadJson(sa.input, reader);
    const vb = await loadJson(sb.input, reader);
    report = twoValuesReport(comparison, flags.shape, a, b, va, vb);
  } else if (sa.kind === 'dir' && sb.kind === 'dir') {
    if (flags.format === 'patch') throw new UsageError('--format patch turns one document into another: give two files, not two directories');
    comparison.notes.push(...sa.notes, ...sb.notes);
    const { compareFolders } = await import('./diffFolders.js');
    report = await compareFolders(ctx, sa, sb, comparison, flags.shape);
  } else {
    throw new UsageError(`cannot compare ${describe(sa)} with ${describe(sb)}: give two files or two directories`);
  }
  await write(ctx.stderr, diagnostics(comparison));
  await write(ctx.stdout, await render(ctx, report, flags.format));
  return isEqual(report) ? 0 : 1;
}

function checkFlags(a: string, b: string, flags: DiffFlags): void {
  if (a === '-' && b === '-') throw new UsageError('only one side can be "-" (stdin)');
  if (flags.shape && flags.format === 'patch') {
    throw new UsageError('--shape compares keys and types, not values, so it has no patch: use --format pretty or json');
  }
}

/** The comparison the flags ask for; the inspector's compare builds it here too, so the two never disagree. */
export function comparisonFor(flags: Omit<DiffFlags, 'format'> & { format?: DiffFlags['format'] }): Comparison {
  if (flags.shape && flags.arrayKey.length) {
    throw new UsageError('--array-key has no effect with --shape, which merges all items of an array into one shape');
  }
  try {
    return new Comparison({ ignore: flags.ignore, ignoreVolatile: flags.ignoreVolatile, arrayKeys: flags.arrayKey, shape: flags.shape, pointers: flags.format === 'patch' });
  } catch (err) {
    if (err instanceof PatternError) throw new UsageError(err.message);
    throw err;
  }
}

/** The report of two payloads (`diff a.json b.json`), labelled `a` and `b`. */
export function twoValuesReport(comparison: Comparison, shape: boolean, a: string, b: string, va: unknown, vb: unknown): DiffReport {
  return { a, b, shape, pairedBy: null, onlyInA: [], onlyInB: [], pairs: [{ a, b, headline: headline(va, vb), changes: comparison.pair(va, vb) }] };
}

/** Notes, at most MAX_NOTES of them, then a warning per `--ignore` that matched nothing. */
function diagnostics(comparison: Comparison): string {
  const { notes } = comparison;
  const shown = notes.slice(0, MAX_NOTES);
  if (notes.length > MAX_NOTES) shown.push(`… and ${notes.length - MAX_NOTES} more notes`);
  const warnings = comparison.unmatchedPatterns().map((p) => `warning: --ignore ${quote(p)} matched nothing in any payload`);
  return [...shown.map((n) => `note: ${n}`), ...warnings].map((line) => `coperniq-hooks: ${line}\n`).join('');
}

async function render(ctx: Context, report: DiffReport, format: DiffFlags['format']): Promise<string> {
  if (format === 'json') return renderDiffJson(report);
  if (format === 'patch') return renderDiffPatch(report.pairs[0].changes);
  return renderDiffPretty(report, await loadPaint(ctx.color.stdout), outputWidth(ctx.stdout));
}

function describe(s: Side): string {
  if (s.kind === 'dir') return `a directory (${s.arg})`;
  return s.arg === '-' ? 'stdin' : `a file (${s.arg})`;
}
