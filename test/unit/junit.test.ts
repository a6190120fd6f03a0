import { describe, expect, it } from 'vitest';
import { escapeXml, renderJunit } from '../../src/render/junit.js';
import { progressLine } from '../../src/render/progress.js';

describe('renderJunit', () => {
  it('writes suites, cases, failures and times', () => {
    const xml = renderJunit({
      name: 'replay',
      cases: [
        { name: 'a.json', classname: 'PROJECT_MOVEMENT', time: 0.0123 },
        { name: 'b.json', classname: 'TASK_CREATED', time: 1, failure: { message: 'HTTP 500', body: 'status: 500' } },
        { name: 'c.json', classname: 'replay' },
      ],
    });
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="replay" tests="3" failures="1" errors="0" time="1.012">/);
    expect(xml).toContain('<testcase name="a.json" classname="PROJECT_MOVEMENT" time="0.012"/>');
    expect(xml).toContain('<testcase name="c.json" classname="replay"/>');
    expect(xml).toContain('<failure message="HTTP 500">status: 500</failure>');
    expect(xml.match(/<testcase /g)).toHaveLength(3);
  });

  it('escapes markup and drops characters XML cannot carry', () => {
    expect(escapeXml(`<a href="x">'&'</a>\u0001\u001b ok`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt; ok');
    const xml = renderJunit({ name: 's"<', cases: [{ name: 'x & y', classname: 'c', failure: { message: 'bad <json>\u0000' } }] });
    expect(xml).toContain('name="s&quot;&lt;"');
    expect(xml).toContain('<testcase name="x &amp; y" classname="c">');
    expect(xml).toContain('<failure message="bad &lt;json&gt;"></failure>');
  });
});

describe('progressLine', () => {
  it('draws a bar with counts, rate and failures', () => {
    expect(progressLine(50, 200, 0, 1000, 10)).toBe('[###.......] 50/200  25% 50/s');
    expect(progressLine(2000, 2000, 3, 1000, 10)).toBe('[##########] 2000/2000 100% 2.0k/s  3 failed');
  });
});
