import { createRequire } from 'node:module';
import type TableType from 'cli-table3';
import { findingLine, type ValidateReport, type ValidateResult } from '../../core/validate/validateReport.js';
import { paint } from '../paint.js';

/** Above this many files, clean ones (valid, no warnings) are counted instead of listed. */
const LIST_ALL_UP_TO = 100;
const FINDINGS_PER_ROW = 3;

export function validatePretty(report: ValidateReport, opts: { color: boolean; quiet?: boolean; width?: number }): string {
  const c = paint(opts.color);
  const width = Math.max(80, opts.width ?? 120);
  const clean = (r: ValidateResult) => r.valid && r.warnings.length === 0;
  const collapse = report.results.length > LIST_ALL_UP_TO;
  const rows = collapse ? report.results.filter((r) => !clean(r)) : report.results;
  const fileWidth = Math.min(48, Math.max(12, ...rows.map((r) => r.file.length + 2)));
  // cli-table3 loads only when there are rows: a big clean run prints just its summary.
  const Table = rows.length ? (createRequire(import.meta.url)('cli-table3') as typeof TableType) : null;
  const triggerWidth = Math.max(9, ...rows.map((r) => (r.trigger ?? '').length + 2));
  const table = Table && new Table({
    head: ['File', 'Trigger', 'Result', 'Findings'],
    style: { head: opts.color ? ['bold'] : [], border: opts.color ? ['grey'] : [] },
    colWidths: [fileWidth, triggerWidth, 10, Math.max(30, width - fileWidth - triggerWidth - 10 - 5)],
    wordWrap: true,
    wrapOnWordBoundary: true,
  });
  for (const r of rows) {
    const verdict = !r.valid ? c.red('invalid') : r.warnings.length ? c.yellow('warnings') : c.green('valid');
    const findings = [...r.errors.map((f) => c.red('✖ ') + findingLine(f)), ...r.warnings.map((f) => c.yellow('⚠ ') + findingLine(f))];
    const shown = findings.slice(0, FINDINGS_PER_ROW);
    if (findings.length > FINDINGS_PER_ROW) shown.push(c.dim(`… ${findings.length - FINDINGS_PER_ROW} more`));
    table!.push([r.file, r.trigger ?? c.dim('—'), verdict, shown.join('\n')]);
  }
  const s = report.summary;
  const lines: string[] = [];
  if (table) lines.push(table.toString());
  const hidden = collapse ? report.results.length - rows.length : 0;
  if (hidden > 0) lines.push(c.dim(`${hidden} ${rows.length ? 'more ' : ''}files valid with no findings (not listed; --format json lists every file)`));
  const parts = [c.green(`${s.valid} valid`), s.invalid ? c.red(`${s.invalid} invalid`) : `${s.invalid} invalid`];
  const counts = `${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}`;
  lines.push(`${s.files} file${s.files === 1 ? '' : 's'}: ${parts.join(', ')} (${counts})`);
  return `${lines.join('\n')}\n`;
}
