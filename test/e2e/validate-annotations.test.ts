/**
 * Issue 9, "GitHub annotations": line= and col= on every schema finding and on malformed JSON, so
 * the annotation lands on the offending line of the pull request. Positions are worked out here by
 * searching the fixture's text, independently of the tool.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { faulty } from '../helpers/payloads.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir('annotations-')));
afterEach(async () => cleanup());

/** 1-based line and column of the first occurrence of `needle` (plus `skip` characters) in `text`. */
function position(text: string, needle: string, skip = 0): { line: number; col: number } {
  const at = text.indexOf(needle) + skip;
  expect(at).toBeGreaterThanOrEqual(skip);
  const before = text.slice(0, at).split('\n');
  return { line: before.length, col: before[before.length - 1].length + 1 };
}

const annotation = (level: string, file: string, p: { line: number; col: number }, title: string) =>
  `::${level} file=${file},line=${p.line},col=${p.col},title=${title}::`;

describe('validate --format github', () => {
  it('puts each finding on the line and column of the offending value, and malformed JSON where it breaks', async () => {
    const payload = faulty('PROJECT_MOVEMENT', (p) => {
      p.event.eventId = 'x';
      p.record.trades = ['Solar', 5];
      p.record.customColor = 'red';
      delete p.event.currentStage;
    });
    const text = JSON.stringify(payload, null, 2);
    const file = path.join(dir, 'stage.json');
    await writeFile(file, text);
    const broken = path.join(dir, 'broken.json');
    await writeFile(broken, '{\n  "event": {\n    "eventId": 1,,\n  }\n}\n');

    const r = await runCli(['validate', file, broken, '--format', 'github']);
    expect(r.code).toBe(1);
    const eventId = position(text, '"eventId": "x"', '"eventId": '.length);
    const trade = position(text, '5\n', 0);
    const custom = position(text, '"customColor": "red"', '"customColor": '.length);
    const event = position(text, '"event": {', '"event": '.length);
    expect(r.stdout).toContain(annotation('error', file, eventId, 'event.eventId'));
    expect(r.stdout).toContain(annotation('error', file, trade, 'record.trades[1]'));
    expect(r.stdout).toContain(annotation('warning', file, custom, 'record.customColor'));
    // A missing field has no value: the annotation goes to the object that should hold it.
    expect(r.stdout).toContain(annotation('error', file, event, 'event.currentStage'));
    expect(r.stdout).toContain(annotation('error', broken, { line: 3, col: 18 }, 'payload'));
    for (const line of r.stdout.trim().split('\n').filter((l) => !l.startsWith('::notice'))) expect(line).toMatch(/,line=\d+,col=\d+,/);

    // The JSON report carries the same positions (additive fields), and JUnit names them.
    const json = JSON.parse((await runCli(['validate', file, '--format', 'json'])).stdout);
    expect(json.results[0].errors).toContainEqual(expect.objectContaining({ path: 'event.eventId', line: eventId.line, column: eventId.col }));
    const junit = (await runCli(['validate', file, '--format', 'junit'])).stdout;
    expect(junit).toContain(`event.eventId: expected a number, got the string "x" (line ${eventId.line}, column ${eventId.col})`);
  });
});
