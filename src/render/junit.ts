import { findingLine, type Finding } from '../core/payload/findings.js';
import type { CaseReport, ReportCase } from '../core/report/caseReport.js';
import { printable } from '../core/text/printable.js';

/**
 * The one JUnit writer: XML as Jenkins, GitLab and most CI systems read it, one suite, a testcase
 * per case. Names and messages come from payloads and receivers, so they go through printable()
 * (a CI page or a `cat` of the file must not be driven by them) before XML escaping.
 */
export function renderJunit(report: CaseReport): string {
  const failures = report.cases.filter((c) => c.failed).length;
  const skipped = report.cases.filter((c) => !c.failed && c.skipped !== undefined).length;
  const counts = `tests="${report.cases.length}" failures="${failures}" errors="0"`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(report.suite)}" ${counts}>`,
    `  <testsuite name="${attr(report.suite)}" ${counts} skipped="${skipped}">`,
  ];
  for (const c of report.cases) lines.push(...testcase(c));
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}

function testcase(c: ReportCase): string[] {
  const time = c.seconds === undefined ? '' : ` time="${c.seconds.toFixed(3)}"`;
  const open = `    <testcase name="${attr(c.name)}" classname="${attr(c.group)}"${time}`;
  if (!c.failed && c.skipped !== undefined) return [`${open}>`, `      <skipped message="${attr(c.skipped)}"/>`, '    </testcase>'];
  if (!c.failed) return [`${open}/>`];
  const errors = c.findings.filter((f) => f.level === 'error');
  const message = errors.length ? findingLine(errors[0]) : 'failed';
  const body = [...c.findings.map(bodyLine), ...(c.details ?? [])].map(text).join('\n');
  return [`${open}>`, `      <failure message="${attr(message)}" type="failure">${body}</failure>`, '    </testcase>'];
}

function bodyLine(f: Finding): string {
  const at = f.line === undefined ? '' : ` (line ${f.line}, column ${f.column})`;
  return `${f.level} ${f.code} ${findingLine(f)}${at}`;
}

// XML 1.0 forbids these even escaped (a JSON "\ud800" decodes to a lone surrogate); printable()
// has taken the control characters.
const clean = (s: string) => printable(s).replace(/[\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

function text(s: string): string {
  return clean(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;');
}
