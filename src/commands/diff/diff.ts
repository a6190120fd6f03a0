import { headline, isEqual, type DiffReport } from '../../core/diff/diffReport.js';
import { UsageError } from '../../core/errors.js';
import { compileMatcher, PatternError, VOLATILE_PATTERNS, type PathMatcher } from '../../core/diff/pathPattern.js';
import { loadJson, readSide, type Side } from '../../io/inputs/diffSides.js';
import { write } from '../../io/terminal/terminal.js';
import { renderDiffJson, renderDiffPatch } from '../../render/diff/diffJson.js';
import type { Context } from '../context.js';
import { compare, type Comparer } from '../../core/diff/compare.js';
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
  if (a === '-' && b === '-') throw new UsageError('only one side can be "-" (stdin)');
  if (flags.shape && flags.format === 'patch') {
    throw new UsageError('--shape compares keys and types, not values, so it has no patch: use --format pretty or json');
  }
  if (flags.shape && flags.arrayKey.length) {
    throw new UsageError('--array-key has no effect with --shape, which merges all items of an array into one shape');
  }
  const cmp: Comparer = { ignore: matcher(flags), arrayKeys: flags.arrayKey, shape: flags.shape, pointers: flags.format === 'patch', notes: [] };
  const reader = inputReader(input, ctx);
  const sa = await pickSide(await readSide(a, ctx.cwd, reader), input, ctx);
  const sb = await pickSide(await readSide(b, ctx.cwd, reader), input, ctx);
  let report: DiffReport;
  if (sa.kind === 'file' && sb.kind === 'file') {
    const va = await loadJson(sa.input, reader);
    const vb = await loadJson(sb.input, reader);
    report = { a, b, shape: flags.shape, pairedBy: null, onlyInA: [], onlyInB: [], pairs: [{ a, b, headline: headline(va, vb), changes: compare(cmp, va, vb) }] };
  } else if (sa.kind === 'dir' && sb.kind === 'dir') {
    if (flags.format === 'patch') throw new UsageError('--format patch turns one document into another: give two files, not two directories');
    cmp.notes.push(...sa.notes, ...sb.notes);
    const { compareFolders } = await import('./diffFolders.js');
    report = await compareFolders(ctx, sa, sb, cmp);
  } else {
    throw new UsageError(`cannot compare ${describe(sa)} with ${describe(sb)}: give two files or two directories`);
  }

  const shown = cmp.notes.slice(0, MAX_NOTES);
  if (cmp.notes.length > MAX_NOTES) shown.push(`… and ${cmp.notes.length - MAX_NOTES} more notes`);
  await write(ctx.stderr, shown.map((n) => `coperniq-hooks: note: ${n}\n`).join(''));
  if (flags.format === 'json') await write(ctx.stdout, renderDiffJson(report));
  else if (flags.format === 'patch') await write(ctx.stdout, renderDiffPatch(report.pairs[0].changes));
  else {
    const { renderDiffPretty, PLAIN } = await import('../../render/diff/diffPretty.js');
    // chalk is loaded only when there is colour to paint.
    const brush = ctx.color.stdout ? (await import('../../render/paint.js')).paint(true) : PLAIN;
    await write(ctx.stdout, renderDiffPretty(report, brush));
  }
  return isEqual(report) ? 0 : 1;
}

function matcher(flags: DiffFlags): PathMatcher | null {
  const patterns = [...flags.ignore, ...(flags.ignoreVolatile ? VOLATILE_PATTERNS : [])];
  if (patterns.length === 0) return null;
  try {
    return compileMatcher(patterns);
  } catch (err) {
    if (err instanceof PatternError) throw new UsageError(err.message);
    throw err;
  }
}

function describe(s: Side): string {
  if (s.kind === 'dir') return `a directory (${s.arg})`;
  return s.arg === '-' ? 'stdin' : `a file (${s.arg})`;
}
