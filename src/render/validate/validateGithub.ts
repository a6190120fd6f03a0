import { findingLine, type ValidateReport } from '../../core/validate/validateReport.js';

/**
 * GitHub Actions workflow commands (`::error file=…,title=…::message`), which the runner turns into
 * annotations on the pull request. Escaping per actions/toolkit's command.ts.
 */
export function validateGithub(report: ValidateReport): string {
  const out: string[] = [];
  for (const r of report.results) {
    for (const f of r.errors) out.push(command('error', r.file, f.path || 'payload', findingLine(f)));
    for (const f of r.warnings) out.push(command('warning', r.file, f.path || 'payload', findingLine(f)));
  }
  const s = report.summary;
  out.push(`::notice title=coperniq-hooks validate::${data(`${s.files} files: ${s.valid} valid, ${s.invalid} invalid (${s.errors} errors, ${s.warnings} warnings)`)}`);
  return `${out.join('\n')}\n`;
}

function command(kind: 'error' | 'warning', file: string, title: string, message: string): string {
  return `::${kind} file=${prop(file.split('\\').join('/'))},title=${prop(title)}::${data(message)}`;
}

const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const prop = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
