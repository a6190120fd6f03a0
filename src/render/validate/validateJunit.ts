import { findingLine, type ValidateReport } from '../../core/validate/validateReport.js';
import { renderJunit } from '../junit.js';

export function validateJunit(report: ValidateReport): string {
  return renderJunit({
    name: 'coperniq-hooks validate',
    cases: report.results.map((r) => ({
      name: r.file,
      classname: r.trigger ?? 'payload',
      failure: r.valid
        ? undefined
        : {
            message: findingLine(r.errors[0]),
            body: [...r.errors.map((f) => `error ${f.code} ${findingLine(f)}`), ...r.warnings.map((f) => `warning ${f.code} ${findingLine(f)}`)].join('\n'),
          },
    })),
  });
}
