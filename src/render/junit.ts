/**
 * JUnit XML for CI test reporters (GitHub, GitLab, Jenkins), shared by every command with cases.
 * One <testsuite> in a <testsuites> root: the shape all the common readers accept.
 */
export interface JunitCase {
  name: string;
  classname: string;
  /** Seconds. */
  time?: number;
  failure?: { message: string; body?: string };
}

export interface JunitSuite {
  name: string;
  cases: JunitCase[];
}

// XML 1.0 cannot carry most control characters even escaped, so they are dropped.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const seconds = (t: number) => (Math.round(t * 1000) / 1000).toString();

export function renderJunit(suite: JunitSuite): string {
  const failures = suite.cases.filter((c) => c.failure).length;
  const total = suite.cases.reduce((sum, c) => sum + (c.time ?? 0), 0);
  const attrs = `name="${escapeXml(suite.name)}" tests="${suite.cases.length}" failures="${failures}" errors="0" time="${seconds(total)}"`;
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites ${attrs}>`, `  <testsuite ${attrs}>`];
  for (const c of suite.cases) {
    const head = `    <testcase name="${escapeXml(c.name)}" classname="${escapeXml(c.classname)}"${c.time === undefined ? '' : ` time="${seconds(c.time)}"`}`;
    if (!c.failure) {
      lines.push(`${head}/>`);
      continue;
    }
    const body = c.failure.body ? escapeXml(c.failure.body) : '';
    lines.push(`${head}>`, `      <failure message="${escapeXml(c.failure.message)}">${body}</failure>`, '    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}
