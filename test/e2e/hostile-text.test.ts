/**
 * Issue 8 §5: text a sender controls never reaches the terminal raw. A line break would forge a
 * whole output line, ESC/CSI/OSC (and the one-byte C1 CSI U+009B, and NEL U+0085) recolour the
 * terminal, set its title or erase lines, BEL rings, CR overwrites, U+202E reorders what is shown.
 * Each is put in every field a command shows, through the real bin.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, startCli, startReceiver, tempDir } from '../helpers/cli.js';
import { send } from '../helpers/listen.js';
import { sample } from '../helpers/payloads.js';
import { sha256 } from '../helpers/replayFixtures.js';

const HOSTILE = '\n12:00:00 #99 PROJECT_MOVEMENT valid\r\u001b[2J\u001b]0;owned\u0007\u009b31m\u202eevil\u0085end';
// Everything that may not reach a terminal; \n is allowed only as our own line end.
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

/**
 * No raw control, C1 or bidi character, no forged line, and each character shown as an escape:
 * `\x1b` where printable() escaped it, `\u001b` inside a JSON-quoted value in a finding.
 */
function expectSafe(output: string): void {
  expectClean(output);
  for (const shown of [/\\n12:00:00 #99/, /\\r\\(x1b|u001b)\[2J/, /\\(x1b|u001b)\]0;owned\\(x07|u0007)/, /\\(x9b|u009b)31m/, /\\u202eevil\\(x85|u0085)end/]) {
    expect(output).toMatch(shown);
  }
}

function hostilePayload(): Record<string, any> {
  const p = sample('PROJECT_MOVEMENT');
  p.event.triggerKey = `X${HOSTILE}`;
  p.event.eventId = `1${HOSTILE}`;
  p.event.currentStage.name = `Stage${HOSTILE}`;
  p.record.title = `Title${HOSTILE}`;
  return p;
}

function expectClean(output: string): void {
  const bad = output.split('\n').filter((l) => RAW.test(l));
  expect(bad, JSON.stringify(bad)).toEqual([]);
  expect(output).not.toMatch(/^12:00:00 #99/m);
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function dir(): Promise<string> {
  const t = await tempDir('hostile-');
  cleanups.push(t.cleanup);
  return t.dir;
}

describe('hostile payload text', () => {
  it("listen's live lines show trigger, event id, title, stage and the forward answer escaped", async () => {
    const target = await startReceiver((_req, res) => res.writeHead(500).end(`db${HOSTILE}`));
    cleanups.push(target.close);
    const d = await dir();
    const run = startCli(['listen', '--port', '0', '--dir', path.join(d, 'captures'), '--forward-to', target.url]);
    cleanups.push(() => run.stop());
    const url = (await run.waitFor(/listening on (http:\/\/\S+)/, 'stderr'))[1];
    expect((await send(url, JSON.stringify(hostilePayload()))).status).toBe(500);
    await run.waitFor(/forward answered: /, 'stderr');
    const stopped = await run.stop('SIGINT');
    expect(stopped.stderr).toMatch(/#1 X\\n12:00:00 #99 .* INVALID \(\d+ errors?, \d+ warnings?\) -> forward 500/);
    expect(stopped.stderr).toMatch(/Title\\n12:00:00/);
    expect(stopped.stderr).toMatch(/Stage\\n12:00:00/);
    expect(stopped.stderr).toMatch(/forward answered: db\\n12:00:00/);
    expectSafe(stopped.stderr);
  });

  it('validate: file name, trigger and finding messages in the pretty table; GitHub and JUnit stay clean', async () => {
    const d = await dir();
    const name = `evil${HOSTILE}.json`;
    await writeFile(path.join(d, name), JSON.stringify(hostilePayload()));
    const pretty = await runCli(['validate', d]);
    expect(pretty.code).toBe(1);
    expect(pretty.stdout).toMatch(/unknown trigger "X\\n12:00:00/);
    expectSafe(pretty.stdout);

    const github = await runCli(['validate', d, '--format', 'github']);
    // The file property stays exact (escaped as GitHub reads it) so the annotation finds its file.
    expectClean(github.stdout.replace(/file=[^,]*,/g, 'file=…,'));
    expect(github.stdout).toContain(`file=${path.join(d, 'evil%0A12%3A00%3A00')}`);

    const junit = await runCli(['validate', d, '--format', 'junit']);
    expect(XMLValidator.validate(junit.stdout)).toBe(true);
    expectSafe(junit.stdout.replace(/&#10;/g, '\n'));
  });

  it('replay: the pretty report and the dry run show file, trigger, event id, answer and headers escaped', async () => {
    const d = await dir();
    const body = JSON.stringify(hostilePayload());
    await writeFile(path.join(d, `evil${HOSTILE}.json`), body);
    const rx = await startReceiver((_req, res) => res.writeHead(500).end(`no\u001b[2J\u009b31m\u202eend`));
    cleanups.push(rx.close);
    const r = await runCli(['replay', d, '--to', rx.url, '--retries', '0']);
    expect(r.code).toBe(1);
    // 80 columns (not a terminal): the trigger, event and file columns are cut, their escapes kept.
    expect(r.stdout).toMatch(/^FAIL +500 +1 +\d+ ms +X\\n12:00:00\S*… +1\\n12:00:00 #99.*… +…\S*\\x85end\.json$/m);
    expect(r.stdout).toMatch(/answered: no\\x1b\[2J\\x9b31m\\u202eend/);
    expectClean(r.stdout);

    const captures = path.join(d, 'captures');
    await mkdir(captures);
    const file = '00000001-PROJECT_MOVEMENT-1.json';
    await writeFile(path.join(captures, file), body);
    const entry = {
      seq: 1, file, receivedAt: '2025-01-21T06:00:10.000Z', method: 'POST', path: '/hook',
      headers: { 'content-type': 'application/json', 'x-evil': `v${HOSTILE}` }, remote: '127.0.0.1',
      bytes: body.length, sha256: sha256(body), trigger: 'PROJECT_MOVEMENT', eventId: 1, recordId: 1, duplicateOf: null,
      verdict: { json: true, valid: true, errors: 0, warnings: 0, first: [] }, status: 200,
    };
    await writeFile(path.join(captures, 'index.ndjson'), `${JSON.stringify(entry)}\n`);
    const dry = await runCli(['replay', captures, '--to', rx.url, '--dry-run', '--keep-headers']);
    expect(dry.stdout).toMatch(/x-evil: v\\n12:00:00/);
    expectSafe(dry.stdout);
  });

  it('diff: file names and stage names in the headline and the changes', async () => {
    const d = await dir();
    const a = hostilePayload();
    const b = hostilePayload();
    b.event.currentStage.name = `Other${HOSTILE}`;
    await writeFile(path.join(d, `a${HOSTILE}.json`), JSON.stringify(a));
    await writeFile(path.join(d, `b${HOSTILE}.json`), JSON.stringify(b));
    const r = await runCli(['diff', path.join(d, `a${HOSTILE}.json`), path.join(d, `b${HOSTILE}.json`)]);
    expect(r.code).toBe(1);
    const bad = r.stdout.split('\n').filter((l) => RAW.test(l));
    expect(bad).toEqual([]);
    expect(r.stdout).not.toMatch(/^12:00:00 #99/m);
  });
});
