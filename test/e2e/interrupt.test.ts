/**
 * Issue 8 §4: SIGINT and SIGTERM stop every command at every stage, reading inputs included, with
 * exit 130 after saying what was done. A stdin that never ends holds a command in its read stage.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCli, tempDir, type Running } from '../helpers/cli.js';
import { sample } from '../helpers/payloads.js';

let dir: string;
let cleanup: () => Promise<void>;
const running: Running[] = [];
beforeEach(async () => ({ dir, cleanup } = await tempDir('interrupt-')));
afterEach(async () => {
  for (const r of running.splice(0)) await r.stop('SIGKILL');
  await cleanup();
});

/**
 * Starts the command and returns once it is reading stdin: a pipe holds 64 KiB, so when a 1 MiB
 * write has been taken, the command has read most of it. stdin is left open: it never ends.
 */
async function startReading(args: string[]): Promise<Running> {
  const run = startCli(args);
  running.push(run);
  run.child.stdin.on('error', () => {});
  await new Promise<void>((resolve, reject) => run.child.stdin.write(Buffer.alloc(1024 * 1024, 0x20), (err) => (err ? reject(err) : resolve())));
  return run;
}

describe('interrupted while reading stdin', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('validate stops on %s, reports the payloads it checked and exits 130', async (signal) => {
    const run = await startReading(['validate', 'samples/', '-', '--format', 'json']);
    run.child.kill(signal);
    const r = await run.exited;
    expect(r.code).toBe(130);
    expect(JSON.parse(r.stdout).results).toHaveLength(19);
    expect(r.stderr).toMatch(/interrupted: checked 19 of 20 payloads/);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('diff stops on %s and exits 130', async (signal) => {
    const a = path.join(dir, 'a.json');
    await writeFile(a, JSON.stringify(sample('PROJECT_MOVEMENT')));
    const run = await startReading(['diff', a, '-']);
    run.child.kill(signal);
    const r = await run.exited;
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/interrupted while reading stdin/);
    expect(r.stdout).toBe('');
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('replay stops on %s, sends nothing and exits 130', async (signal) => {
    const run = await startReading(['replay', '-', '--to', 'http://127.0.0.1:9/']);
    run.child.kill(signal);
    const r = await run.exited;
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/interrupted while reading inputs; nothing was sent/);
  });

  it('replay with a selection is stopped while it reads for the selection', async () => {
    const run = await startReading(['replay', '-', '--trigger', 'PROJECT_MOVEMENT', '--to', 'http://127.0.0.1:9/', '--dry-run']);
    run.child.kill('SIGINT');
    const r = await run.exited;
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/interrupted while reading stdin/);
  });
});
