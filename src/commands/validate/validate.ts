import path from 'node:path';
import { UsageError } from '../../core/errors.js';
import type { Finding } from '../../core/payload/findings.js';
import { TRIGGER_KEYS, isKnownTrigger } from '../../core/payload/triggers.js';
import { summarizeValidation, type ValidateReport, type ValidateResult } from '../../core/validate/validateReport.js';
import { collectInputs, encodingOf, readStdin } from '../../io/inputs/inputs.js';
import { write } from '../../io/terminal/terminal.js';
import type { Context } from '../context.js';
import { checkBytes, checkFile } from './validateFiles.js';

export interface ValidateOptions {
  format: 'pretty' | 'json' | 'junit' | 'github';
  strict?: boolean;
  trigger?: string;
  schema?: string;
  quiet?: boolean;
}

export async function validate(paths: string[], opts: ValidateOptions, ctx: Context): Promise<number> {
  if (opts.trigger !== undefined && !isKnownTrigger(opts.trigger)) {
    throw new UsageError(`unknown --trigger ${JSON.stringify(opts.trigger)}; known triggers: ${TRIGGER_KEYS.join(', ')}`);
  }
  const userCheck = opts.schema ? (await import('../../io/inputs/userSchema.js')).loadUserSchema(path.resolve(ctx.cwd, opts.schema), opts.schema) : undefined;
  const { inputs, empty, indexProblems } = await collectInputs(paths, { cwd: ctx.cwd });
  if (inputs.length === 0) {
    throw new UsageError(empty.length ? `no payloads (*.json) found in ${empty.join(', ')}` : 'no inputs given');
  }
  const results: ValidateResult[] = [];
  for (const dir of empty) results.push(problem(dir, 'no-payloads', 'no payloads (*.json) found in this directory'));
  for (const p of indexProblems) {
    await write(ctx.stderr, `warning: ${p.dir}/index.ndjson has unreadable lines (${p.lines.slice(0, 5).join(', ')}${p.lines.length > 5 ? ', ...' : ''}); their payload files are still checked\n`);
  }
  const check = { strict: opts.strict, trigger: opts.trigger };
  for (const input of inputs) {
    results.push(
      input.path === undefined
        ? await checkBytes(input.name, await readStdin(ctx.stdin), check, userCheck)
        : await checkFile({ name: input.name, path: input.path, encoding: encodingOf(input) }, check, userCheck),
    );
  }
  const report: ValidateReport = { results, summary: summarizeValidation(results) };
  await write(ctx.stdout, await render(report, opts, ctx));
  return report.summary.invalid > 0 ? 1 : 0;
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
      return (await import('../../render/validate/validateJunit.js')).validateJunit(shown);
    case 'github':
      return (await import('../../render/validate/validateGithub.js')).validateGithub(shown);
    default:
      return (await import('../../render/validate/validatePretty.js')).validatePretty(shown, { color: ctx.color.stdout, quiet: opts.quiet, width: (ctx.stdout as { columns?: number }).columns });
  }
}
