import type { Finding } from '../payload/findings.js';
import { counted } from '../text/plural.js';
import { unmarked, type CaseReport, type Mark } from '../report/caseReport.js';

export interface ValidateResult {
  file: string;
  valid: boolean;
  trigger: string | null;
  errors: Finding[];
  warnings: Finding[];
}

export interface ValidateSummary {
  files: number;
  valid: number;
  invalid: number;
  errors: number;
  warnings: number;
  /** Files that are valid but have warnings. */
  withWarnings: number;
}

export interface ValidateReport {
  results: ValidateResult[];
  summary: ValidateSummary;
}

export function summarizeValidation(results: ValidateResult[]): ValidateSummary {
  const s: ValidateSummary = { files: results.length, valid: 0, invalid: 0, errors: 0, warnings: 0, withWarnings: 0 };
  for (const r of results) {
    if (r.valid) s.valid++;
    else s.invalid++;
    s.errors += r.errors.length;
    s.warnings += r.warnings.length;
    if (r.valid && r.warnings.length) s.withWarnings++;
  }
  return s;
}

/** `19 files: 17 valid, 2 invalid (3 errors, 1 warning)`; the pretty report colours the counts. */
export function summaryText(s: ValidateSummary, mark: { valid?: Mark; invalid?: Mark } = {}): string {
  const valid = (mark.valid ?? unmarked)(`${s.valid} valid`);
  const invalid = (mark.invalid ?? unmarked)(`${s.invalid} invalid`);
  return `${counted(s.files, 'file')}: ${valid}, ${invalid} (${counted(s.errors, 'error')}, ${counted(s.warnings, 'warning')})`;
}

/** A case per file; its findings are the file's errors and warnings (DESIGN.md principle 5). */
export function validateCases(report: ValidateReport): CaseReport {
  return {
    suite: 'coperniq-hooks validate',
    cases: report.results.map((r) => ({
      name: r.file,
      group: r.trigger ?? 'payload',
      file: r.file,
      failed: !r.valid,
      findings: [...r.errors, ...r.warnings],
    })),
    summary: summaryText(report.summary),
  };
}
