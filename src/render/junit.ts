/** JUnit XML as Jenkins, GitLab and most CI systems read it: one suite, a testcase per case. */
export interface JunitCase {
  name: string;
  classname: string;
  /** Seconds. */
  time?: number;
  failure?: { message: string; body?: string };
}

export function renderJunit(suite: { name: string; cases: JunitCase[]; time?: number }): string {
  const failures = suite.cases.filter((c) => c.failure).length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(suite.name)}" tests="${suite.cases.length}" failures="${failures}" errors="0"${time(suite.time)}>`,
    `  <testsuite name="${attr(suite.name)}" tests="${suite.cases.length}" failures="${failures}" errors="0" skipped="0"${time(suite.time)}>`,
  ];
  for (const c of suite.cases) {
    const open = `    <testcase name="${attr(c.name)}" classname="${attr(c.classname)}"${time(c.time)}`;
    if (!c.failure) {
      lines.push(`${open}/>`);
      continue;
    }
    lines.push(`${open}>`);
    lines.push(`      <failure message="${attr(c.failure.message)}" type="failure">${text(c.failure.body ?? c.failure.message)}</failure>`);
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}

const time = (t: number | undefined) => (t === undefined ? '' : ` time="${t.toFixed(3)}"`);

// XML 1.0 forbids most control characters even escaped; a payload's garbage must not break the report.
const clean = (s: string) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD');

function text(s: string): string {
  return clean(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
