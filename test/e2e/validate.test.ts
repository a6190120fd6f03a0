import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureFileName } from '../../src/core/capture/captureFormat.js';
import { SAMPLES, runCli, tempDir } from '../helpers/cli.js';
import { faulty, sample } from '../helpers/payloads.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(async () => cleanup());

async function writeFaulty(): Promise<Record<string, string>> {
  const files: Record<string, string | Buffer> = {
    'good.json': JSON.stringify(sample('PROJECT_MOVEMENT')),
    'bad-type.json': JSON.stringify(faulty('PROJECT_MOVEMENT', (p) => (p.event.eventId = '432563'))),
    'no-workorder.json': JSON.stringify(faulty('TASK_CREATED', (p) => delete p.workOrder)),
    'malformed.json': '{"event": {"eventId": 1,, }}',
    'empty.json': '',
    'truncated.json': JSON.stringify(sample('TASK_COMPLETED')).slice(0, 200),
    'latin1.json': Buffer.from([0x7b, 0x22, 0x74, 0xe9, 0x22, 0x3a, 0x31, 0x7d]),
    'array.json': '[1,2,3]',
    'warn-only.json': JSON.stringify(faulty('REQUEST_CREATED', (p) => (p.record.primaryEmail = 'maria@'))),
  };
  for (const [name, body] of Object.entries(files)) await writeFile(path.join(dir, name), body);
  const expected: Record<string, string> = {
    'bad-type.json': 'event.eventId',
    'no-workorder.json': 'workOrder',
    'malformed.json': 'line 1, column 25',
    'empty.json': 'empty',
    'truncated.json': 'ends early',
    'latin1.json': 'UTF-8',
    'array.json': 'JSON object',
  };
  return expected;
}

describe('validate', () => {
  it('passes the bundled samples with exit 0', async () => {
    const r = await runCli(['validate', 'samples/']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/19 files: 19 valid, 0 invalid \(0 errors, 0 warnings\)/);
  });

  it('names each faulty file and path, keeps going, and exits 1', async () => {
    const expected = await writeFaulty();
    const r = await runCli(['validate', dir, '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    const byFile = Object.fromEntries(report.results.map((x: any) => [path.basename(x.file), x]));
    expect(Object.keys(byFile).sort()).toEqual([...Object.keys(expected), 'good.json', 'warn-only.json'].sort());
    for (const [file, needle] of Object.entries(expected)) {
      expect(byFile[file].valid, file).toBe(false);
      expect(JSON.stringify(byFile[file].errors), file).toContain(needle);
    }
    expect(byFile['good.json']).toMatchObject({ valid: true, trigger: 'PROJECT_MOVEMENT', errors: [], warnings: [] });
    expect(byFile['warn-only.json']).toMatchObject({ valid: true, errors: [] });
    expect(byFile['warn-only.json'].warnings[0]).toMatchObject({ path: 'record.primaryEmail', code: 'bad-email', level: 'warning' });
    expect(report.summary).toMatchObject({ files: 9, valid: 2, invalid: 7 });
    // Checking never touches the inputs.
    expect((await readdir(dir)).length).toBe(9);
    expect(await readFile(path.join(dir, 'empty.json'), 'utf8')).toBe('');
  });

  it('pretty output lists files, verdicts and first findings, with a summary', async () => {
    await writeFaulty();
    const r = await runCli(['validate', dir]);
    expect(r.code).toBe(1);
    // Not a terminal: laid out for 80 columns, each file stacked over its findings.
    expect(r.stdout).toMatch(/^invalid +\S*bad-type\.json \(PROJECT_MOVEMENT\)\n {2}✖ event\.eventId: expected a number, got/m);
    expect(r.stdout).toMatch(/9 files: 2 valid, 7 invalid/);
    expect(r.stdout).not.toMatch(/\x1b\[/);
  });

  it('colours only when asked on a pipe (FORCE_COLOR), and NO_COLOR wins', async () => {
    await writeFaulty();
    expect((await runCli(['validate', dir], { env: { FORCE_COLOR: '1' } })).stdout).toMatch(/\x1b\[31m/);
    expect((await runCli(['validate', dir], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } })).stdout).not.toMatch(/\x1b\[/);
    expect((await runCli(['validate', dir, '--no-color'], { env: { FORCE_COLOR: '1' } })).stdout).not.toMatch(/\x1b\[/);
  });

  it('--quiet lists only failures', async () => {
    await writeFaulty();
    const r = await runCli(['validate', dir, '--quiet']);
    expect(r.stdout).not.toMatch(/good\.json/);
    expect(r.stdout).toMatch(/bad-type\.json/);
    const j = JSON.parse((await runCli(['validate', dir, '--quiet', '--format', 'json'])).stdout);
    expect(j.results.every((x: any) => !x.valid)).toBe(true);
    expect(j.summary.files).toBe(9);
  });

  it('junit output is well-formed XML with a failure per invalid file', async () => {
    await writeFaulty();
    const r = await runCli(['validate', dir, '--format', 'junit']);
    expect(r.code).toBe(1);
    expect(XMLValidator.validate(r.stdout)).toBe(true);
    expect(r.stdout.match(/<testcase /g)).toHaveLength(9);
    expect(r.stdout.match(/<failure /g)).toHaveLength(7);
    expect(r.stdout).toMatch(/tests="9" failures="7"/);
  });

  it('github output is workflow commands GitHub turns into annotations', async () => {
    await writeFaulty();
    const r = await runCli(['validate', dir, '--format', 'github']);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    for (const line of lines) expect(line).toMatch(/^::(error|warning|notice) (file=[^,:]+,)?(line=\d+,col=\d+,)?title=[^:,]+::[^\n]*$/);
    expect(lines.filter((l) => l.startsWith('::error')).length).toBeGreaterThanOrEqual(7);
    expect(r.stdout).toMatch(new RegExp(`::error file=${path.join(dir, 'bad-type\\.json')},line=1,col=\\d+,title=event\\.eventId::`));
    expect(r.stdout).toContain('::warning ');
  });

  it('reads stdin with -', async () => {
    const good = await runCli(['validate', '-'], { input: JSON.stringify(sample('TASK_CREATED')) });
    expect(good.code).toBe(0);
    const bad = await runCli(['validate', '-', '--format', 'json'], { input: '{"event":' });
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).results[0]).toMatchObject({ file: '-', valid: false });
  });

  it('--strict turns warnings into failures', async () => {
    const f = path.join(dir, 'extra.json');
    await writeFile(f, JSON.stringify(faulty('PROJECT_MOVEMENT', (p) => (p.record.customColor = 'red'))));
    expect((await runCli(['validate', f])).code).toBe(0);
    const strict = await runCli(['validate', f, '--strict', '--format', 'json']);
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.stdout).results[0].errors[0]).toMatchObject({ path: 'record.customColor', code: 'unknown-field' });
  });

  it('--as checks every input as that trigger', async () => {
    const r = await runCli(['validate', path.join(SAMPLES, 'PROJECT_MOVEMENT.json'), '--as', 'TASK_COMPLETED', '--format', 'json']);
    expect(r.code).toBe(1);
    const result = JSON.parse(r.stdout).results[0];
    expect(result.trigger).toBe('TASK_COMPLETED');
    expect(result.warnings.find((w: { code: string }) => w.code === 'trigger-override').message).toBe('payload says PROJECT_MOVEMENT; checked as TASK_COMPLETED (--as)');
    const bad = await runCli(['validate', 'samples', '--as', 'NOPE']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown --as "NOPE"; known triggers: PROJECT_MOVEMENT/);
    expect(bad.stdout).toBe('');
  });

  it('--schema adds the rules of the user\'s own JSON Schema', async () => {
    const schemaFile = path.join(dir, 'rules.schema.json');
    await writeFile(schemaFile, JSON.stringify({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      properties: { record: { properties: { dealValue: { maximum: 1000000 } } } },
    }));
    const r = await runCli(['validate', path.join(SAMPLES, 'PROJECT_MOVEMENT.json'), path.join(SAMPLES, 'REQUEST_CREATED.json'), '--schema', schemaFile, '--format', 'json']);
    expect(r.code).toBe(1);
    const [pm, rc] = JSON.parse(r.stdout).results;
    expect(pm.errors[0]).toMatchObject({ path: 'record.dealValue', code: 'user-schema' });
    expect(rc.valid).toBe(true);
    await writeFile(schemaFile, '{ not json');
    const broken = await runCli(['validate', 'samples', '--schema', schemaFile]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/--schema .*rules\.schema\.json: malformed JSON at line 1, column 3/);
    const missing = await runCli(['validate', 'samples', '--schema', path.join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read --schema .*no such file/);
  });

  it('reads a capture directory through its index and never takes the index for a payload', async () => {
    const cap = path.join(dir, 'captures');
    await mkdir(cap);
    const a = captureFileName(1, 'PROJECT_MOVEMENT', 432563, true);
    const b = captureFileName(2, null, null, false);
    await writeFile(path.join(cap, a), JSON.stringify(sample('PROJECT_MOVEMENT')));
    await writeFile(path.join(cap, b), 'hello, not json');
    await writeFile(path.join(cap, '.tmp-3'), '{"half":');
    const line = (seq: number, file: string) => JSON.stringify({ seq, file, receivedAt: new Date().toISOString(), method: 'POST', path: '/', headers: {}, remote: '127.0.0.1', bytes: 1, sha256: '', trigger: null, eventId: null, recordId: null, duplicateOf: null, verdict: { json: true, valid: true, errors: 0, warnings: 0, first: [] }, status: 200 });
    await writeFile(path.join(cap, 'index.ndjson'), `${line(1, a)}\n${line(2, b)}\n`);
    const r = await runCli(['validate', cap, '--format', 'json']);
    expect(r.code).toBe(1);
    const results = JSON.parse(r.stdout).results;
    expect(results.map((x: any) => path.basename(x.file))).toEqual([a, b]);
    expect(results[0].valid).toBe(true);
    expect(results[1].errors[0].code).toBe('bad-json');
  });

  it('an empty directory among others is a failure for that input, not a crash', async () => {
    await mkdir(path.join(dir, 'empty-dir'));
    await writeFile(path.join(dir, 'p.json'), JSON.stringify(sample('PROJECT_MOVEMENT')));
    const r = await runCli(['validate', path.join(dir, 'p.json'), path.join(dir, 'empty-dir'), '--format', 'json']);
    expect(r.code).toBe(1);
    const results = JSON.parse(r.stdout).results;
    expect(results.find((x: any) => x.file.endsWith('empty-dir')).errors[0].code).toBe('no-payloads');
    expect(results.find((x: any) => x.file.endsWith('p.json')).valid).toBe(true);
  });

  it('no inputs found is exit 2 with a clear message', async () => {
    await mkdir(path.join(dir, 'nothing'));
    const r = await runCli(['validate', path.join(dir, 'nothing')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no payloads \(\*\.json\) found in .*nothing/);
    const missing = await runCli(['validate', path.join(dir, 'missing.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such file or directory: .*missing\.json/);
    const none = await runCli(['validate']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/missing required argument 'paths'/);
  });

  it('a bad --format is a usage error', async () => {
    const r = await runCli(['validate', 'samples', '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/xml/);
  });

  it('help has examples and exit codes', async () => {
    const r = await runCli(['validate', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Examples:[\s\S]*--format github/);
    expect(r.stdout).toMatch(/Exit codes: 0/);
  });

  it('checks large sets on several threads and still reports every file in order', async () => {
    const n = 600;
    const good = JSON.stringify(sample('TASK_STATUS_MOVEMENT'));
    const bad = JSON.stringify(faulty('TASK_STATUS_MOVEMENT', (p) => (p.event.workOrderId = 'x')));
    await Promise.all(
      Array.from({ length: n }, (_, i) => writeFile(path.join(dir, `${String(i).padStart(4, '0')}.json`), i % 97 === 0 ? bad : i === 300 ? '{' : good)),
    );
    const r = await runCli(['validate', dir, '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.results.map((x: any) => path.basename(x.file))).toEqual(Array.from({ length: n }, (_, i) => `${String(i).padStart(4, '0')}.json`));
    const invalid = report.results.flatMap((x: any, i: number) => (x.valid ? [] : [i]));
    expect(invalid).toEqual([0, 97, 194, 291, 300, 388, 485, 582]);
    expect(report.results[97].errors[0].path).toBe('event.workOrderId');
    expect(report.results[300].errors[0].code).toBe('bad-json');
  });

  it('never modifies or creates files', async () => {
    const f = path.join(dir, 'p.json');
    await writeFile(f, JSON.stringify(sample('PROJECT_MOVEMENT')));
    const before = await stat(f);
    await runCli(['validate', dir]);
    expect((await stat(f)).mtimeMs).toBe(before.mtimeMs);
    expect(await readdir(dir)).toEqual(['p.json']);
  });
});

describe('schema and triggers', () => {
  it('schema prints JSON Schema 2020-12 and --trigger narrows it', async () => {
    const all = await runCli(['schema']);
    expect(all.code).toBe(0);
    const s = JSON.parse(all.stdout);
    expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(s.allOf).toHaveLength(20);
    const one = JSON.parse((await runCli(['schema', '--trigger', 'PROJECT_MOVEMENT'])).stdout);
    expect(one.properties.event.properties.triggerKey.const).toBe('PROJECT_MOVEMENT');
    expect((await runCli(['schema', '--trigger', 'nope'])).code).toBe(2);
  });

  it('triggers lists the catalogue', async () => {
    const r = await runCli(['triggers']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^PROJECT_MOVEMENT {2}Project stage updated\n {2}record PROJECT, workOrder no, confirmed\n {2}event fields: currentStage, previousStage$/m);
    const j = JSON.parse((await runCli(['triggers', '--format', 'json'])).stdout);
    expect(j).toHaveLength(19);
    expect(j[0]).toMatchObject({ key: 'PROJECT_MOVEMENT', name: 'Project stage updated', nameIs: 'published', recordType: 'PROJECT', workOrder: false });
    expect(j[1]).toMatchObject({ key: 'TASK_CREATED', nameIs: 'illustrative' });
  });
});
