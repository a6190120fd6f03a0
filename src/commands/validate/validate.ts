import path from 'node:path';
import { Interrupted, UsageError } from '../../core/errors.js';
import type { Finding } from '../../core/payload/findings.js';
import { parseTriggerArg } from '../../core/payload/triggerArg.js';
import { summarizeValidation, validateCases, type ValidateReport, type ValidateResult } from '../../core/validate/validateReport.js';
import { collectInputs, type Input } from '../../io/inputs/inputs.js';
import type { InputReader } from '../../io/inputs/inputReader.js';
import { InputError } from '../../io/inputs/regularFile.js';
import { outputWidth, write } from '../../io/terminal/terminal.js';
import { loadPaint } from '../../render/paint.js';
import type { Context } from '../context.js';
import { inputReader, pickInputs, type InputFlags } from '../select/pickInputs.js';
import { checkBytes, checkInput, checkInputNow, type FileCheck } from './validateFiles.js';

export interface ValidateOptions extends InputFlags {
  format: 'pretty' | 'json' | 'junit' | 'github';
  strict?: boolean;
  as?: string;
  schema?: string;
  quiet?: boolean;
}

// `validate --trigger` used to mean what --as means now; a CI job still written that way must not pass quietly.
const AS_HINT = 'to check payloads as another trigger, use --as KEY (--trigger picks them)';

export async function validate(paths: string[], opts: ValidateOptions, ctx: Context): Promise<number> {
  const as = opts.as === undefined ? undefined : parseTriggerArg(opts.as, '--as');
  const reader = inputReader(opts, ctx);
  const userCheck = opts.schema
    ? (await import('../../io/inputs/userSchema.js')).loadUserSchema(path.resolve(ctx.cwd, opts.schema), opts.schema, opts.maxInput)
    : undefined;
  const check: FileCheck = { options: { strict: opts.strict, trigger: as }, userCheck };
  const { inputs: found, empty, indexProblems } = await collectInputs(paths, { cwd: ctx.cwd, maxBytes: opts.maxInput, signal: ctx.signal });
  if (found.length === 0) {
    throw new UsageError(empty.length ? `no payloads (*.json) found in ${empty.join(', ')}` : 'no inputs given');
  }
  const judge = async (bytes: Uint8Array) => {
    const r = await checkBytes('', bytes, check);
    return { errors: r.errors.length, warnings: r.warnings.length };
  };
  const inputs = await pickInputs(found, opts, ctx, { reader, where: paths.join(' '), judge, triggerHint: AS_HINT });
  const results: ValidateResult[] = [];
  for (const dir of empty) results.push(problem(dir, 'no-payloads', 'no payloads (*.json) found in this directory'));
  for (const p of indexProblems) {
    await write(ctx.stderr, `warning: ${p.dir}/index.ndjson has unreadable lines (${p.lines.slice(0, 5).join(', ')}${p.lines.length > 5 ? ', ...' : ''}); their payload files are still checked\n`);
  }
  const checked = await checkAll(inputs, reader, check, results);
  const report: ValidateReport = { results, summary: summarizeValidation(results) };
  await write(ctx.stdout, await render(report, opts, ctx));
  if (checked < inputs.length) {
    await write(ctx.stderr, `interrupted: checked ${checked} of ${inputs.length} payloads\n`);
    return 130;
  }
  return report.summary.invalid > 0 ? 1 : 0;
}

/** Checks inputs in order until done or interrupted; how many were checked. */
async function checkAll(inputs: Input[], reader: InputReader, check: FileCheck, results: ValidateResult[]): Promise<number> {
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i];
    let bytes: Buffer;
    try {
      // Files are read without a promise, except when the event loop is due a turn (see InputReader).
      bytes = input.path !== undefined && !reader.turnDue() ? reader.readFileNow(input as { name: string; path: string }) : await reader.read(input);
    } catch (err) {
      if (err instanceof Interrupted) return i;
      // stdin was named on its own: what went wrong there is an input error of the whole run.
      if (input.path === undefined) throw err;
      results.push(unreadable(input.name, err as NodeJS.ErrnoException));
      continue;
    }
    results.push(checkInputNow(input, bytes, check) ?? (await checkInput(input, bytes, check)));
  }
  return inputs.length;
}

function unreadable(file: string, e: NodeJS.ErrnoException): ValidateResult {
  const why = e instanceof InputError ? e.detail : e.code === 'ENOENT' ? 'the file is gone' : e.code === 'EACCES' ? 'permission denied' : e.message;
  return problem(file, 'unreadable', `cannot read: ${why}`);
}

function problem(file: string, code: string, message: string): ValidateResult {
  const f: Finding = { level: 'error', path: '', code, message };
  return { file, valid: false, trigger: null, errors: [f], warnings: [] };
}

async function render(report: ValidateReport, opts: ValidateOptions, ctx: Context): Promise<string> {
  const shown: ValidateReport = opts.quiet ? { ...report, results: report.results.filter((r) => !r.valid) } : report;
  switch (opts.format) {
    case 'json':
      return `${JSON.stringify(shown, null, 2)}\n`;
    case 'junit':
      return (await import('../../render/junit.js')).renderJunit(validateCases(shown));
    case 'github':
      return (await import('../../render/github.js')).renderGithub(validateCases(shown));
    default:
      return (await import('../../render/validate/validatePretty.js')).renderValidatePretty(shown, await loadPaint(ctx.color.stdout), outputWidth(ctx.stdout));
  }
}
