import type { Finding } from '../payload/findings.js';

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

export { findingLine } from '../payload/findings.js';
