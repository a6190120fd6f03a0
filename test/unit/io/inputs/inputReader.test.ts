import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Interrupted } from '../../../../src/core/errors.js';
import { InputReader } from '../../../../src/io/inputs/inputReader.js';
import { InputError } from '../../../../src/io/inputs/regularFile.js';
import { ScratchReader } from '../../../../src/io/inputs/scratchReader.js';

let dir: string;
beforeEach(() => void (dir = mkdtempSync(path.join(os.tmpdir(), 'reader-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const reader = (stdin = new PassThrough(), maxBytes = 1024, signal = new AbortController().signal) => new InputReader({ maxBytes, signal, stdin });

// seenRegular: the walk saw a regular file, so the reader skips fstat when one short read gets it
// all; a file swapped for something else since the walk must still be refused as before.
describe.each([false, true])('ScratchReader (seenRegular: %s)', (seenRegular) => {
  const seen = { seenRegular };
  it('reads regular files, reusing its buffer and growing it (keeping what it read first)', () => {
    const s = new ScratchReader(1 << 20, 4);
    writeFileSync(path.join(dir, 'a'), 'hello world');
    writeFileSync(path.join(dir, 'b'), '');
    writeFileSync(path.join(dir, 'c'), 'abc');
    expect(s.read(path.join(dir, 'a'), 'a', seen).toString()).toBe('hello world');
    expect(s.read(path.join(dir, 'b'), 'b', seen).length).toBe(0);
    expect(s.read(path.join(dir, 'c'), 'c', seen).toString()).toBe('abc');
  });

  it('refuses what is not a regular file, on the opened descriptor, without blocking on a FIFO', () => {
    const s = new ScratchReader(1024);
    expect(() => s.read('/dev/zero', 'zero', seen)).toThrow(new InputError('not-regular', 'zero', 'is a character device, not a regular file'));
    expect(() => s.read(dir, 'd', seen)).toThrow(/d is a directory, not a regular file/);
    if (process.platform !== 'win32') {
      const fifo = path.join(dir, 'fifo');
      execFileSync('mkfifo', [fifo]);
      expect(() => s.read(fifo, 'fifo', seen)).toThrow(/fifo is a FIFO, not a regular file/);
    }
  });

  it('refuses a file over the limit and reads one at the limit', () => {
    const file = path.join(dir, 'big');
    writeFileSync(file, 'x'.repeat(11));
    expect(() => new ScratchReader(10).read(file, 'big', seen)).toThrow(/big is larger than the input limit of 10 bytes; raise it with --max-input/);
    expect(new ScratchReader(11).read(file, 'big', seen).length).toBe(11);
  });
});

describe('InputReader', () => {
  it('reads stdin once and gives the same bytes to every later read', async () => {
    const stdin = new PassThrough();
    const r = reader(stdin);
    const first = r.read({ name: '-' });
    stdin.end('{"a":1}');
    expect((await first).toString()).toBe('{"a":1}');
    expect((await r.read({ name: '-' })).toString()).toBe('{"a":1}');
  });

  it('stops reading stdin past the limit, without waiting for its end', async () => {
    const stdin = new PassThrough();
    const read = reader(stdin, 10).read({ name: '-' });
    stdin.write('x'.repeat(11));
    await expect(read).rejects.toThrow(/stdin is larger than the input limit of 10 bytes/);
    expect(stdin.destroyed).toBe(true);
  });

  it('gives up on stdin when the signal comes, and refuses every read after it', async () => {
    const ac = new AbortController();
    const stdin = new PassThrough();
    const r = reader(stdin, 1024, ac.signal);
    const read = r.read({ name: '-' });
    stdin.write('{"never":');
    ac.abort();
    await expect(read).rejects.toBeInstanceOf(Interrupted);
    writeFileSync(path.join(dir, 'a'), '{}');
    await expect(r.read({ name: 'a', path: path.join(dir, 'a') })).rejects.toBeInstanceOf(Interrupted);
  });

  it('lets the event loop run during a long series of synchronous file reads', async () => {
    writeFileSync(path.join(dir, 'a'), '{}');
    const r = reader();
    let ticked = false;
    setImmediate(() => (ticked = true));
    const start = performance.now();
    while (!ticked && performance.now() - start < 5000) await r.read({ name: 'a', path: path.join(dir, 'a') });
    expect(ticked).toBe(true);
  });
});

describe('ScratchReader with noFollow (a capture directory\'s file)', () => {
  it('refuses a symlink, reads the file itself', () => {
    writeFileSync(path.join(dir, 'real'), 'abc');
    symlinkSync(path.join(dir, 'real'), path.join(dir, 'link'));
    const s = new ScratchReader(1024);
    expect(s.read(path.join(dir, 'real'), 'real', { noFollow: true }).toString()).toBe('abc');
    expect(s.read(path.join(dir, 'link'), 'link', {}).toString()).toBe('abc');
    expect(() => s.read(path.join(dir, 'link'), 'link', { noFollow: true })).toThrow(new InputError('not-regular', 'link', "is a symbolic link: a capture directory's files are never read through one (listen writes none)"));
  });
});
