import { findingLine, type Finding } from '../core/payload/findings.js';
import type { CaseReport } from '../core/report/caseReport.js';
import { printable } from '../core/text/printable.js';

/**
 * GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`), which the runner
 * turns into annotations on the lines of a pull request, then one notice with the summary. Escaping
 * per actions/toolkit's command.ts. The runner's log shows messages and titles, so they go through
 * printable(); a file name stays exact, or the annotation would not find its file.
 */
export function renderGithub(report: CaseReport): string {
  const out: string[] = [];
  for (const c of report.cases) {
    for (const f of c.findings) out.push(command(f, c.file));
  }
  out.push(`::notice title=${prop(report.suite)}::${data(printable(report.summary))}`);
  return `${out.join('\n')}\n`;
}

function command(f: Finding, file: string | undefined): string {
  const props = [];
  if (file !== undefined) props.push(`file=${prop(file.split('\\').join('/'))}`);
  if (f.line !== undefined) props.push(`line=${f.line}`, `col=${f.column ?? 1}`);
  props.push(`title=${prop(printable(f.path || 'payload'))}`);
  return `::${f.level} ${props.join(',')}::${data(printable(findingLine(f)))}`;
}

const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const prop = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
