/**
 * Issue 8 §4: every input is bounded. Special files are refused (never opened in a way that
 * blocks), reads are capped by --max-input / COPERNIQ_HOOKS_MAX_INPUT, and each real directory and
 * file is visited once however many symlinks lead to it.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, symlink, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureFileName } from '../../src/core/capture/captureFormat.js';
import { runCli, startCli, startReceiver, tempDir, type Running } from '../helpers/cli.js';
import { sample } from '../helpers/payloads.js';

let dir: string;
let cleanup: () => Promise<void>;
const running: Running[] = [];
beforeEach(async () => ({ dir, cleanup } = await tempDir('bounds-')));
afterEach(async () => {
  for (const r of running.splice(0)) await r.stop('SIGKILL');
  await cleanup();
});

const hasFifo = process.platform !== 'win32';
const mkfifo = (file: string) => execFileSync('mkfifo', [file]);
const payload = (key = 'PROJECT_MOVEMENT') => JSON.stringify(sample(key));

/** A capture directory as `listen --dir` leaves it, with the named payload files. */
async function captureDir(name: string, files: { seq: number; trigger: string; body?: string }[]): Promise<{ cap: string; names: string[] }> {
  const cap = path.join(dir, name);
  await mkdir(cap);
  const names: string[] = [];
  const lines: string[] = [];
  for (const f of files) {
    const file = captureFileName(f.seq, f.trigger, 1000 + f.seq, true);
    names.push(file);
    if (f.body !== undefined) await writeFile(path.join(cap, file), f.body);
    lines.push(JSON.stringify({
      seq: f.seq, file, receivedAt: new Date().toISOString(), method: 'POST', path: '/', headers: {}, remote: '127.0.0.1',
      bytes: 1, sha256: '', trigger: f.trigger, eventId: 1000 + f.seq, recordId: 7, duplicateOf: null,
      verdict: { json: true, valid: true, errors: 0, warnings: 0, first: [] }, status: 200,
    }));
  }
  await writeFile(path.join(cap, 'index.ndjson'), `${lines.join('\n')}\n`);
  return { cap, names };
}

describe('special files', () => {
  it('validate, diff and replay refuse a device named as an input, with exit 2, before reading it', async () => {
    const other = path.join(dir, 'x.json');
    await writeFile(other, payload());
    for (const args of [
      ['validate', '/dev/zero'],
      ['diff', '/dev/zero', other],
      ['replay', '/dev/zero', '--to', 'http://127.0.0.1:9/', '--dry-run'],
    ]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toBe('coperniq-hooks: /dev/zero is a character device, not a regular file; to read it anyway, give "-" and redirect it: - < /dev/zero\n');
      expect(r.stdout).toBe('');
    }
    const schema = await runCli(['validate', 'samples', '--schema', '/dev/zero']);
    expect(schema.code).toBe(2);
    expect(schema.stderr).toBe('coperniq-hooks: cannot read --schema /dev/zero: /dev/zero is a character device, not a regular file\n');
  });

  it.skipIf(!hasFifo)('replay FIFO --dry-run and validate FIFO end at once (exit 2) instead of hanging', async () => {
    const fifo = path.join(dir, 'fifo');
    mkfifo(fifo);
    for (const args of [['replay', fifo, '--dry-run', '--to', 'http://127.0.0.1:9/'], ['validate', fifo], ['diff', fifo, fifo]]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/fifo is a FIFO, not a regular file/);
    }
  });

  it.skipIf(!hasFifo)('a FIFO planted in a capture directory under a payload name is reported, and the rest is still checked and sent', async () => {
    const { cap, names } = await captureDir('captures', [
      { seq: 1, trigger: 'PROJECT_MOVEMENT', body: payload() },
      { seq: 2, trigger: 'TASK_CREATED' },
      { seq: 3, trigger: 'TASK_COMPLETED', body: payload('TASK_COMPLETED') },
    ]);
    mkfifo(path.join(cap, names[1]));

    const v = await runCli(['validate', cap, '--format', 'json']);
    expect(v.code).toBe(1);
    const results = JSON.parse(v.stdout).results;
    expect(results.map((x: { valid: boolean }) => x.valid)).toEqual([true, false, true]);
    expect(results[1].errors[0].message).toBe('cannot read: is a FIFO, not a regular file');

    const dry = await runCli(['replay', cap, '--dry-run', '--to', 'http://127.0.0.1:9/', '--format', 'json']);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toMatch(/is a FIFO, not a regular file/);

    const rx = await startReceiver();
    try {
      const r = await runCli(['replay', cap, '--to', rx.url, '--format', 'json']);
      expect(r.code).toBe(1);
      expect(rx.received).toHaveLength(2);
      expect(r.stdout).toMatch(/is a FIFO, not a regular file/);
    } finally {
      await rx.close();
    }
  });

  it.skipIf(!hasFifo)('a FIFO in place of a capture index is refused with exit 2', async () => {
    const { cap } = await captureDir('captures', [{ seq: 1, trigger: 'PROJECT_MOVEMENT', body: payload() }]);
    await (await import('node:fs/promises')).rm(path.join(cap, 'index.ndjson'));
    mkfifo(path.join(cap, 'index.ndjson'));
    for (const args of [['validate', cap], ['replay', cap, '--dry-run', '--to', 'http://127.0.0.1:9/']]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/index\.ndjson is a FIFO, not a regular file/);
    }
  });
});

describe('size caps', () => {
  it('a file over the default 256 MiB is refused before it is read, naming the limit, the flag and the variable', async () => {
    const big = path.join(dir, 'big.json');
    await writeFile(big, '');
    await truncate(big, 256 * 1024 * 1024 + 1); // sparse: no disk used
    for (const args of [['validate', big], ['diff', big, big], ['replay', big, '--dry-run', '--to', 'http://127.0.0.1:9/']]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/big\.json is larger than the input limit of 256 MiB; raise it with --max-input \(e\.g\. --max-input 1GiB\) or COPERNIQ_HOOKS_MAX_INPUT/);
    }
  });

  it('--max-input and COPERNIQ_HOOKS_MAX_INPUT set the limit; a file over it inside a folder fails alone', async () => {
    await writeFile(path.join(dir, 'a.json'), payload());
    await writeFile(path.join(dir, 'b.json'), payload('TASK_COMPLETED'));
    const size = Buffer.byteLength(payload());
    const smaller = Math.min(size, Buffer.byteLength(payload('TASK_COMPLETED'))) + 1;
    const expectOneTooBig = (r: { code: number | null; stdout: string }, limit: string) => {
      expect(r.code).toBe(1);
      const results = JSON.parse(r.stdout).results;
      const big = size > smaller ? 'a.json' : 'b.json';
      const failed = results.filter((x: { valid: boolean }) => !x.valid);
      expect(failed.map((x: { file: string }) => path.basename(x.file))).toEqual([big]);
      expect(failed[0].errors[0].message).toContain(`larger than the input limit of ${limit}`);
    };
    expectOneTooBig(await runCli(['validate', dir, '--format', 'json', '--max-input', String(smaller)]), `${smaller} bytes`);
    expectOneTooBig(await runCli(['validate', dir, '--format', 'json'], { env: { COPERNIQ_HOOKS_MAX_INPUT: String(smaller) } }), `${smaller} bytes`);
    const bad = await runCli(['validate', dir, '--max-input', 'lots']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--max-input must be a size in bytes/);
  });

  it('stdin is capped too: a stream that never ends is refused once it passes the limit', async () => {
    for (const args of [['validate', '-'], ['diff', path.join(dir, 'a.json'), '-'], ['replay', '-', '--dry-run', '--to', 'http://127.0.0.1:9/']]) {
      await writeFile(path.join(dir, 'a.json'), payload());
      const run = startCli([...args, '--max-input', '64k']);
      running.push(run);
      // Written until the command gives up: it must not wait for an end that never comes.
      const chunk = Buffer.alloc(16 * 1024, 0x20);
      const pump = () => {
        if (!run.child.stdin.destroyed) run.child.stdin.write(chunk, (err) => (err ? undefined : pump()));
      };
      run.child.stdin.on('error', () => {});
      pump();
      const r = await run.exited;
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/stdin is larger than the input limit of 64 KiB; raise it with --max-input/);
    }
  });
});

describe('symlink loops', () => {
  it('self -> . is one visit: validate checks the file once and replay plans one send', async () => {
    await writeFile(path.join(dir, 'a.json'), payload());
    await symlink('.', path.join(dir, 'self'));
    const v = await runCli(['validate', dir, '--format', 'json']);
    expect(v.code).toBe(0);
    expect(JSON.parse(v.stdout).results).toHaveLength(1);
    const dry = await runCli(['replay', dir, '--dry-run', '--to', 'http://127.0.0.1:9/', '--format', 'json']);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout).deliveries).toHaveLength(1);
  });

  it('s1 -> . and s2 -> . (exponential before) end at once; a symlinked file or a repeated argument is one input', async () => {
    await mkdir(path.join(dir, 'sub'));
    await writeFile(path.join(dir, 'sub', 'a.json'), payload());
    await writeFile(path.join(dir, 'b.json'), payload('TASK_COMPLETED'));
    await symlink('..', path.join(dir, 'sub', 's1'));
    await symlink('.', path.join(dir, 's2'));
    await symlink('sub', path.join(dir, 's3'));
    await symlink('b.json', path.join(dir, 'link.json'));
    const r = await runCli(['validate', dir, path.join(dir, 'b.json'), path.join(dir, 's3'), '--format', 'json']);
    expect(r.code).toBe(0);
    // Whichever path reached a file first names it (here s3/, which sorts before sub/).
    const files = JSON.parse(r.stdout).results.map((x: { file: string }) => path.relative(dir, x.file));
    expect(files).toEqual(['b.json', path.join('s3', 'a.json')]);
  });
});

describe("a symlink planted in a capture directory (listen writes none)", () => {
  it('a payload that links elsewhere is refused by validate and replay: never read, never sent', async () => {
    const secret = path.join(dir, 'credentials.json');
    await writeFile(secret, '{"private":"contents of a file outside the capture directory"}');
    const { cap, names } = await captureDir('captures', [
      { seq: 1, trigger: 'PROJECT_MOVEMENT', body: payload() },
      { seq: 2, trigger: 'TASK_CREATED' },
    ]);
    await symlink(secret, path.join(cap, names[1]));
    const v = await runCli(['validate', cap, '--format', 'json']);
    expect(v.code).toBe(1);
    const linked = JSON.parse(v.stdout).results.find((x: { file: string }) => x.file.endsWith(names[1]));
    expect(JSON.stringify(linked)).toMatch(/is a symbolic link: a capture directory's files are never read through one/);
    expect(v.stdout).not.toContain('contents of a file outside');

    const rx = await startReceiver();
    try {
      const r = await runCli(['replay', cap, '--to', rx.url]);
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).toMatch(/is a\s+symbolic\s+link/);
      expect(rx.received).toHaveLength(1);
      expect(rx.received[0].body.toString()).toBe(payload());
    } finally {
      await rx.close();
    }
  });

  it('an index.ndjson that links elsewhere stops validate, replay and diff with exit 2; the outside file is not read', async () => {
    const { cap } = await captureDir('captures', [{ seq: 1, trigger: 'PROJECT_MOVEMENT', body: payload() }]);
    const outside = path.join(dir, 'elsewhere.ndjson');
    execFileSync('mv', [path.join(cap, 'index.ndjson'), outside]);
    await symlink(outside, path.join(cap, 'index.ndjson'));
    for (const args of [['validate', cap], ['replay', cap, '--to', 'http://127.0.0.1:9/', '--dry-run'], ['diff', cap, cap]]) {
      const r = await runCli(args);
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr.trim()).toBe(`coperniq-hooks: ${path.join(cap, 'index.ndjson')} is a symbolic link: a capture directory's files are never read through one (listen writes none)`);
    }
  });
});
