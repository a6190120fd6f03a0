import { findingLine, type Finding } from '../../core/payload/findings.js';
import { summaryText, type ValidateReport, type ValidateResult } from '../../core/validate/validateReport.js';
import { counted } from '../../core/text/plural.js';
import { printable } from '../../core/text/printable.js';
import type { Paint } from '../paint.js';
import { drawTable, fitColumns, widest, type Column } from '../table.js';
import { wrap } from '../width.js';

/** Above this many files, clean ones (valid, no warnings) are counted instead of listed. */
const LIST_ALL_UP_TO = 100;
const FINDINGS_PER_FILE = 3;
/** Below this, a findings column is too narrow to read and each file is stacked instead. */
const FINDINGS_MIN = 30;

interface Row {
  file: string;
  trigger: string;
  verdict: 'valid' | 'warnings' | 'invalid';
  findings: { mark: '✖' | '⚠'; text: string }[];
  more: number;
}

/**
 * A table when it fits `width` (issue 9: at 80 columns the old one was ~107 wide and every row
 * wrapped), else each file stacked over its findings. Payload text and file names go through
 * printable() (issue 8 §5).
 */
export function renderValidatePretty(report: ValidateReport, p: Paint, width: number): string {
  const clean = (r: ValidateResult) => r.valid && r.warnings.length === 0;
  const collapse = report.results.length > LIST_ALL_UP_TO;
  const rows = (collapse ? report.results.filter((r) => !clean(r)) : report.results).map(toRow);
  const lines: string[] = [];
  if (rows.length) lines.push(asTable(rows, p, width) ?? stacked(rows, p, width));
  const hidden = collapse ? report.results.length - rows.length : 0;
  if (hidden > 0) {
    const note = `${counted(hidden, rows.length ? 'more file' : 'file', rows.length ? 'more files' : 'files')} valid with no findings (not listed; --format json lists every file)`;
    lines.push(...wrap(note, width).map(p.dim));
  }
  lines.push(summaryText(report.summary, { valid: p.green, invalid: report.summary.invalid ? p.red : undefined }));
  return `${lines.join('\n')}\n`;
}

function toRow(r: ValidateResult): Row {
  const shown = (f: Finding, mark: '✖' | '⚠') => ({ mark, text: printable(findingLine(f)) });
  const findings = [...r.errors.map((f) => shown(f, '✖')), ...r.warnings.map((f) => shown(f, '⚠'))];
  return {
    file: printable(r.file),
    trigger: r.trigger === null ? '—' : printable(r.trigger),
    verdict: !r.valid ? 'invalid' : r.warnings.length ? 'warnings' : 'valid',
    findings: findings.slice(0, FINDINGS_PER_FILE),
    more: Math.max(0, findings.length - FINDINGS_PER_FILE),
  };
}

const verdictColour = (v: Row['verdict'], p: Paint) => (v === 'invalid' ? p.red : v === 'warnings' ? p.yellow : p.green);
const markColour = (mark: string, p: Paint) => (mark === '✖' ? p.red : p.yellow);
const moreText = (n: number) => `… ${n} more`;

function asTable(rows: Row[], p: Paint, width: number): string | null {
  const findingLines = (r: Row) => [...r.findings.map((f) => `${f.mark} ${f.text}`), ...(r.more ? [moreText(r.more)] : [])];
  const columns: Column[] = [
    { head: 'File', natural: widest(rows.map((r) => r.file)) },
    { head: 'Trigger', natural: widest(rows.map((r) => r.trigger)) },
    { head: 'Result', natural: 'warnings'.length },
    { head: 'Findings', natural: widest(rows.flatMap(findingLines)), wrapDownTo: FINDINGS_MIN },
  ];
  const widths = fitColumns(columns, width);
  if (!widths) return null;
  const cells = rows.map((r) => [
    r.file,
    r.trigger === '—' ? p.dim(r.trigger) : r.trigger,
    verdictColour(r.verdict, p)(r.verdict),
    [...r.findings.map((f) => `${markColour(f.mark, p)(f.mark)} ${f.text}`), ...(r.more ? [p.dim(moreText(r.more))] : [])].join('\n'),
  ]);
  return drawTable(columns, widths, cells, p);
}

function stacked(rows: Row[], p: Paint, width: number): string {
  const out: string[] = [];
  for (const r of rows) {
    out.push(...wrap(`${r.file} (${r.trigger})`, width, `${verdictColour(r.verdict, p)(r.verdict)}${' '.repeat(9 - r.verdict.length)}`, ' '.repeat(9)));
    for (const f of r.findings) out.push(...wrap(f.text, width, `  ${markColour(f.mark, p)(f.mark)} `, '    '));
    if (r.more) out.push(p.dim(`  ${moreText(r.more)}`));
  }
  return out.join('\n');
}
