import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diffSandbox } from '../helpers/diffFixtures.js';

let box: Awaited<ReturnType<typeof diffSandbox>>;
beforeEach(async () => (box = await diffSandbox()));
afterEach(async () => box.cleanup());
const put = (rel: string, value: unknown) => box.put(rel, value);
const diff = (args: string[], opts?: { input?: string }) => box.diff(args, opts);

/** Exit 2, one clear line on stderr, nothing on stdout. */
async function expectInputError(args: string[], message: RegExp, opts?: { input?: string }) {
  const r = await diff(args, opts);
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stdout).toBe('');
  expect(r.code).toBe(2);
}

describe('diff input errors exit 2', () => {
  it('names a path that does not exist', async () => {
    await put('a.json', { a: 1 });
    await expectInputError(['a.json', 'missing.json'], /^coperniq-hooks: no such file or directory: missing\.json$/m);
    await expectInputError(['nope/', 'a.json'], /no such file or directory: nope\//);
  });

  it('names a path that cannot be read', async () => {
    await put('a.json', { a: 1 });
    await expectInputError(['a.json', 'a.json/inside.json'], /cannot read a\.json\/inside\.json/);
  });

  it('names the file and the position of malformed JSON, and changes nothing', async () => {
    const good = await put('a.json', { a: 1 });
    const bad = await put('b.json', '{\n  "a": 1,\n  "b": tru\n}\n');
    await expectInputError(['a.json', 'b.json'], /^coperniq-hooks: b\.json: malformed JSON at line 3, column 11: unexpected line break$/m);
    // diff only reads: both files are as they were.
    expect(await readFile(good, 'utf8')).toBe(JSON.stringify({ a: 1 }, null, 2));
    expect(await readFile(bad, 'utf8')).toBe('{\n  "a": 1,\n  "b": tru\n}\n');
  });

  it('says where a truncated file ends', async () => {
    await put('a.json', { a: 1 });
    await put('cut.json', '{"a": [1, 2');
    await expectInputError(['a.json', 'cut.json'], /cut\.json: malformed JSON: the text ends early at line 1, column 12/);
  });

  it('names malformed JSON inside a folder and on stdin', async () => {
    await put('old/x.json', { a: 1 });
    await put('new/x.json', '{"a":}');
    await expectInputError(['old', 'new'], /new\/x\.json: malformed JSON at line 1, column 6/);
    await put('a.json', { a: 1 });
    await expectInputError(['a.json', '-'], /stdin: malformed JSON at line 1, column 2/, { input: '{]' });
  });

  it('rejects bytes that are not UTF-8 and empty files', async () => {
    await put('a.json', { a: 1 });
    await put('latin1.json', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]));
    await put('empty.json', '');
    await expectInputError(['a.json', 'latin1.json'], /latin1\.json: not valid UTF-8 \(bad byte 0xe9 at offset 6\)/);
    await expectInputError(['a.json', 'empty.json'], /empty\.json: empty body/);
  });

  it('refuses a file paired with a directory, either way round', async () => {
    await put('a.json', { a: 1 });
    await put('dir/a.json', { a: 1 });
    await expectInputError(['a.json', 'dir'], /cannot compare a file \(a\.json\) with a directory \(dir\): give two files or two directories/);
    await expectInputError(['dir', 'a.json'], /cannot compare a directory \(dir\) with a file \(a\.json\)/);
    await expectInputError(['dir', '-'], /cannot compare a directory \(dir\) with stdin/, { input: '{}' });
  });

  it('refuses stdin on both sides', async () => {
    await expectInputError(['-', '-'], /only one side can be "-"/);
  });

  it('refuses a folder with no JSON payloads', async () => {
    await put('old/x.json', { a: 1 });
    await mkdir(path.join(box.dir, 'empty'));
    await expectInputError(['old', 'empty'], /no JSON payloads found in empty/);
  });

  it('refuses options that cannot work together', async () => {
    await put('a.json', { a: 1 });
    await put('old/x.json', { a: 1 });
    await put('new/x.json', { a: 1 });
    await expectInputError(['old', 'new', '--format', 'patch'], /--format patch turns one document into another: give two files/);
    await expectInputError(['a.json', 'a.json', '--shape', '--format', 'patch'], /--shape compares keys and types, not values, so it has no patch/);
    await expectInputError(['a.json', 'a.json', '--shape', '--array-key', 'id'], /--array-key has no effect with --shape/);
    await expectInputError(['a.json', 'a.json', '--format', 'xml'], /argument 'xml' is invalid/);
    await expectInputError(['a.json'], /missing required argument 'b'/);
  });

  it('explains a bad --ignore pattern', async () => {
    await put('a.json', { a: 1 });
    await expectInputError(['a.json', 'a.json', '--ignore', 'record..id'], /bad --ignore pattern "record\.\.id": empty key at offset 7/);
    await expectInputError(['a.json', 'a.json', '--ignore', 'a[x]'], /bad --ignore pattern "a\[x\]"/);
  });
});

describe('diff --help', () => {
  it('shows examples and exit codes', async () => {
    const r = await diff(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Examples:\n  \$ coperniq-hooks diff /);
    expect(r.stdout).toMatch(/--ignore-volatile/);
    expect(r.stdout).toMatch(/Exit codes: 0 equal/);
  });
});
