/**
 * Issue 9, "80 columns": tables and live lines checked on a real pseudo-terminal 80 columns wide.
 * Colour stays on (a terminal gets it), and colour codes take no columns.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, startReceiver, tempDir } from '../helpers/cli.js';
import { faulty, sample } from '../helpers/payloads.js';
import { columnsOf, HAS_SCRIPT, onTerminal, screenLines, type OnTerminal } from '../helpers/terminal.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const LONG_TITLE = 'Residence of the Fernández-Oyelaran family, 1200 Long Meadow Court, rooftop solar and two batteries';

function tooWide(lines: string[], columns: number): string[] {
  return lines.filter((l) => columnsOf(l) > columns);
}

/** Two payloads in a folder with long names; returns the temp dir that holds the folder. */
async function fixtures(): Promise<string> {
  const t = await tempDir('columns-');
  cleanups.push(t.cleanup);
  const dir = path.join(t.dir, 'fixtures-with-a-rather-long-folder-name', 'project-movement');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'site-survey-to-engineering-valid.json'), JSON.stringify(sample('PROJECT_MOVEMENT')));
  await writeFile(
    path.join(dir, 'site-survey-to-engineering-with-every-kind-of-problem.json'),
    JSON.stringify(faulty('PROJECT_PHASE_SLA_VIOLATION', (p) => {
      p.event.eventId = 'not-a-number-but-a-rather-long-string-that-goes-on-and-on-and-on';
      p.event.firedAt = '21 January 2025, quarter past six in the morning, local time';
      p.record.title = LONG_TITLE;
      p.record.primaryEmail = 'maria@';
    })),
  );
  return t.dir;
}

async function finished(term: OnTerminal): Promise<{ code: number | null; lines: string[] }> {
  const r = await term.exited;
  return { code: r.code, lines: screenLines(r.output) };
}

describe.skipIf(!HAS_SCRIPT)('on an 80-column terminal', () => {
  it('validate stacks what a table cannot fit, wraps findings, and never passes 80 columns', async () => {
    const dir = await fixtures();
    const term = onTerminal(['validate', dir, 'samples/'], { columns: 80 });
    cleanups.push(term.kill);
    const { code, lines } = await finished(term);
    expect(code).toBe(1);
    expect(tooWide(lines, 80)).toEqual([]);
    const head = lines.findIndex((l) => /^invalid +\S*every-kind-of/.test(l) || /^invalid +\/\S*$/.test(l));
    expect(head, lines.join('\n')).toBeGreaterThanOrEqual(0);
    expect(lines.join('\n')).toMatch(/✖ event\.eventId: expected a number/);
    expect(lines.join('\n')).toMatch(/^ {4}\S/m);
    expect(lines.at(-2)).toMatch(/^21 files: 20 valid, 1 invalid \(\d+ errors, \d+ warnings?\)$/);

    // A pipe is laid out for 80 columns too, so scripts and CI logs see the same text anywhere.
    const piped = await runCli(['validate', dir, 'samples/']);
    expect(piped.stdout.trimEnd().split('\n')).toEqual(lines.slice(0, -1));
  });

  it('validate draws its table on a wide terminal, still within the width', async () => {
    const term = onTerminal(['validate', '.'], { columns: 200, cwd: await fixtures() });
    cleanups.push(term.kill);
    const { lines } = await finished(term);
    expect(lines[0]).toMatch(/^┌/);
    expect(lines.join('\n')).toMatch(/│ File +│ Trigger +│ Result +│ Findings +│/);
    expect(tooWide(lines, 200)).toEqual([]);
  });

  it('diff cuts long values to fit beside their path, wraps a long headline, and a pipe gets the same', async () => {
    const t = await tempDir('columns-diff-');
    cleanups.push(t.cleanup);
    const a = path.join(t.dir, 'a.json');
    const b = path.join(t.dir, 'b.json');
    const STAGE = 'Permitting and Interconnection Application Submitted to the Utility';
    await writeFile(a, JSON.stringify(sample('PROJECT_MOVEMENT')));
    await writeFile(b, JSON.stringify(faulty('PROJECT_MOVEMENT', (p) => {
      p.record.title = LONG_TITLE;
      p.event.currentStage.name = STAGE;
      p.event.currentStage.id = 4242;
    })));
    const term = onTerminal(['diff', a, b], { columns: 80 });
    cleanups.push(term.kill);
    const { code, lines } = await finished(term);
    expect(code).toBe(1);
    expect(tooWide(lines, 80)).toEqual([]);
    const text = lines.join('\n');
    expect(text).toMatch(/^~ record\.title: "[^"]+" -> "Residence of the Fernández-\S.*…$/m);
    expect(text).toMatch(/^~ event\.currentStage\.id: \d+ -> 4242$/m);
    // The headline names the new stage in full, over two lines.
    expect(text.replace(/\n +/g, ' ')).toContain(STAGE);
    const piped = await runCli(['diff', a, b]);
    expect(piped.stdout.trimEnd().split('\n')).toEqual(lines.slice(0, -1));
  });

  it('triggers fits 80 columns and names each trigger as Coperniq shows it', async () => {
    const term = onTerminal(['triggers'], { columns: 80 });
    cleanups.push(term.kill);
    const { code, lines } = await finished(term);
    expect(code).toBe(0);
    expect(tooWide(lines, 80)).toEqual([]);
    const text = lines.join('\n');
    expect(text).toMatch(/^PROJECT_MOVEMENT {2}Project stage updated$/m);
    expect(text).toMatch(/^TASK_STATUS_MOVEMENT {2}Work order status updated\*$/m);
    expect(text).toMatch(/\* Illustrative name: Coperniq publishes only "Project stage updated"/);
  });

  it("listen's live line puts the verdict early with counts and fits 80 columns, title cut", async () => {
    const t = await tempDir('columns-listen-');
    cleanups.push(t.cleanup);
    const term = onTerminal(['listen', '--port', '0', '--dir', path.join(t.dir, 'captures')], { columns: 80 });
    cleanups.push(term.kill);
    const url = (await term.waitFor(/(http:\/\/127\.0\.0\.1:\d+\/)/))[1];
    const post = async (body: unknown) => {
      const res = await request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      await res.body.text();
    };
    await post(faulty('PROJECT_MOVEMENT', (p) => (p.record.title = LONG_TITLE)));
    await post(faulty('PROJECT_MOVEMENT', (p) => {
      p.record.title = LONG_TITLE;
      p.event.eventId = 'x';
      p.event.firedAt = 'yesterday';
      p.event.triggerName = 5;
    }));
    await term.waitFor(/#2 /);
    await term.waitFor(/✖ event\.eventId/);
    term.type('\x03');
    const { code, lines } = await finished(term);
    expect(code).toBe(0);
    expect(tooWide(lines, 80)).toEqual([]);
    const first = lines.find((l) => / #1 /.test(l))!;
    const second = lines.find((l) => / #2 /.test(l))!;
    // No room for the record id at 80 columns; the title and the stage move are cut to share the rest.
    expect(first).toMatch(/^\d\d:\d\d:\d\d #1 PROJECT_MOVEMENT valid event \d+ stage Site Survey\S*… "Residence…"$/);
    expect(second).toMatch(/^\d\d:\d\d:\d\d #2 PROJECT_MOVEMENT INVALID \(3 errors\) event x /);
    expect(lines[lines.indexOf(second) + 1]).toMatch(/^ {9}✖ event\.eventId: expected a number, got the string "x"$/);
    expect(lines.join('\n')).toMatch(/stopped: 2 captured, 1 invalid/);
  });
});

describe.skipIf(!HAS_SCRIPT)('replay on an 80-column terminal', () => {
  it('wraps the "replaying N to URL" line for a long --to, the URL whole over the lines and its secrets still hidden', async () => {
    const rx = await startReceiver();
    cleanups.push(rx.close);
    const route = '/integrations/coperniq/project-movements/site-survey-to-engineering/staging-eu-west';
    const to = `${rx.url}${route}?tenant=acme-solar-and-storage&token=s3cr3t-T0KEN-value`;
    const term = onTerminal(['replay', 'samples/PROJECT_MOVEMENT.json', 'samples/TASK_STATUS_MOVEMENT.json', '--to', to], { columns: 80 });
    cleanups.push(term.kill);
    const { code, lines } = await finished(term);
    expect(code).toBe(0);
    expect(rx.received.map((r) => r.url)).toEqual([`${route}?tenant=acme-solar-and-storage&token=s3cr3t-T0KEN-value`, `${route}?tenant=acme-solar-and-storage&token=s3cr3t-T0KEN-value`]);
    expect(tooWide(lines, 80)).toEqual([]);
    const start = lines.indexOf('replaying 2 deliveries to');
    expect(start, lines.join('\n')).toBeGreaterThanOrEqual(0);
    const continued = lines.slice(start + 1, start + 3);
    expect(continued.every((l) => /^ {2}\S/.test(l))).toBe(true);
    // The URL, redacted, reads back whole from the lines it was wrapped over.
    expect(continued.map((l) => l.slice(2)).join('')).toBe(`${rx.url}${route}?tenant=***&token=***`);
    expect(term.output()).not.toContain('s3cr3t');
  });
});

describe.skipIf(!HAS_SCRIPT)('warnings that name a path or a URL, on an 80-column terminal', () => {
  it("listen: a rejected request's long target is cut, the reason kept; a long capture path wraps whole", async () => {
    const t = await tempDir('columns-listen-warn-');
    cleanups.push(t.cleanup);
    const dir = path.join(t.dir, 'a-capture-directory-with-a-name-long-enough-to-need-a-second-line', 'captures');
    const term = onTerminal(['listen', '--port', '0', '--no-ui', '--token', 'right-token', '--dir', dir], { columns: 80 });
    cleanups.push(term.kill);
    const base = (await term.waitFor(/(http:\/\/127\.0\.0\.1:\d+)\//))[1];
    const res = await request(`${base}/${'hooks/'.repeat(60)}?token=wrong-token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(sample('PROJECT_MOVEMENT')) });
    await res.body.text();
    expect(res.statusCode).toBe(401);
    await term.waitFor(/missing or wrong token/);
    term.type('\x03');
    const { code, lines } = await finished(term);
    expect(code).toBe(0);
    expect(tooWide(lines, 80)).toEqual([]);
    const warning = lines.findIndex((l) => l.startsWith('warning: 401 POST /hooks/'));
    expect(lines[warning]).toMatch(/…/);
    expect(`${lines[warning]} ${lines[warning + 1].trim()}`).toMatch(/ from 127\.0\.0\.1 rejected, nothing stored: missing or wrong token$/);
    expect(term.output()).not.toContain('wrong-token');
    // The summary names the directory whole, over the lines it needs.
    const at = lines.indexOf('captures in');
    const pieces = dir.match(/.{1,80}/g)!;
    expect(lines.slice(at + 1, at + 1 + pieces.length)).toEqual(pieces);
  });

  it('replay: a warning naming a long directory wraps, the path whole', async () => {
    const t = await tempDir('columns-replay-warn-');
    cleanups.push(t.cleanup);
    const empty = path.join(t.dir, 'a-folder-of-fixtures-with-a-rather-long-name', 'and-nothing-in-it-yet');
    await mkdir(empty, { recursive: true });
    const rx = await startReceiver();
    cleanups.push(rx.close);
    const term = onTerminal(['replay', empty, 'samples/PROJECT_MOVEMENT.json', '--to', rx.url], { columns: 80 });
    cleanups.push(term.kill);
    const { code, lines } = await finished(term);
    expect(code).toBe(0);
    expect(tooWide(lines, 80)).toEqual([]);
    const at = lines.findIndex((l) => l.startsWith('warning: no payload files found in'));
    const rest = lines.slice(at + 1);
    const continued = rest.slice(0, rest.findIndex((l) => !l.startsWith('  ')));
    expect(continued.length).toBeGreaterThan(0);
    expect(`${lines[at]} ${continued.map((l) => l.slice(2)).join('')}`).toBe(`warning: no payload files found in ${empty}`);
  });
});

describe.skipIf(!HAS_SCRIPT)('errors on an 80-column terminal', () => {
  // Wrapping moves words and cuts a path between lines; it must not lose or change a character.
  const letters = (text: string) => text.replace(/\s+/g, '');
  const LONG_PATH = '/tmp/a-rather-long-directory-name-that-does-not-exist-anywhere/and-a-file-name-that-goes-on.json';

  it.each([
    ['a long path', ['validate', LONG_PATH], `coperniq-hooks: no such file or directory: ${LONG_PATH}`],
    ['the missing-cloudflared hint', ['listen', '--tunnel', '--port', '0'], 'coperniq-hooks: --tunnel needs cloudflared, which is not on your PATH: install it ('],
    ['a bad option value (commander\'s message)', ['validate', '--format', 'xml', 'samples'], "coperniq-hooks: option '-f, --format <format>' argument 'xml' is invalid. Allowed choices are pretty, json, junit, github."],
  ])('%s wraps within the width, nothing lost', async (_what, args, says) => {
    const term = onTerminal(args as string[], { columns: 80, env: { PATH: '/usr/bin:/bin' } });
    cleanups.push(term.kill);
    const { code, lines } = await finished(term);
    expect(code).toBe(2);
    const shown = lines.filter((l) => l.trim() !== '');
    expect(tooWide(shown, 80)).toEqual([]);
    expect(shown.length).toBeGreaterThan(1);
    expect(shown.slice(1).every((l) => l.startsWith('  '))).toBe(true);
    expect(letters(shown.join(''))).toContain(letters(says));
  });

  it('a pipe gets the same error as one line, to grep', async () => {
    const r = await runCli(['validate', LONG_PATH]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`coperniq-hooks: no such file or directory: ${LONG_PATH}\n`);
  });
});

describe('--help fits 80 columns', () => {
  it.each(['', 'listen', 'validate', 'diff', 'replay', 'sample', 'inspect', 'schema', 'triggers'])('coperniq-hooks %s --help', async (command) => {
    const r = await runCli([...(command ? [command] : []), '--help'], { env: { COLUMNS: '80' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(tooWide(r.stdout.split('\n'), 80)).toEqual([]);
  });
});
