import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { BIN, ROOT, runCli } from '../helpers/cli.js';

const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('the coperniq-hooks program', () => {
  it('prints its version and exits 0', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(version);
  });

  it('prints help with examples and exit codes', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: coperniq-hooks/);
    expect(r.stdout).toMatch(/Examples:/);
    expect(r.stdout).toMatch(/Exit codes:/);
  });

  it('rejects an unknown command with one line on stderr and exit 2', async () => {
    const r = await runCli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^coperniq-hooks: .*frobnicate/);
  });

  it('rejects an unknown flag with one line on stderr and exit 2', async () => {
    const r = await runCli(['--frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/unknown option '--frobnicate'/);
  });

  it('shows help on stderr and exits 2 when run with nothing', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Usage: coperniq-hooks/);
  });

  it('exits quietly when the reader of stdout goes away (| head)', async () => {
    for (const args of [['schema'], ['--help'], ['validate', 'samples', '--format', 'json']]) {
      const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const code = await new Promise((resolve) => child.on('close', resolve));
      expect(stderr, args.join(' ')).toBe('');
      expect(code, args.join(' ')).toBe(0);
    }
  });

  // validate and diff are measured against a bare read-and-parse (issue 13): the first ES module a
  // run loads sets up Node's ES module loader, ~9 ms, so their bundles are CommonJS (scripts/build-cli.mjs).
  it('runs validate and diff without loading an ES module (triggers does load one)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cli-esm-'));
    try {
      const probe = path.join(dir, 'probe.cjs');
      writeFileSync(probe, "process.on('exit', () => require('node:fs').writeFileSync(process.env.PROBE_OUT, JSON.stringify(process.moduleLoadList ?? null)));\n");
      const loadedEsm = async (args: string[], exitCode = 0) => {
        const out = path.join(dir, 'loaded.json');
        rmSync(out, { force: true });
        const child = spawn(process.execPath, ['--require', probe, BIN, ...args], { cwd: ROOT, env: { ...process.env, PROBE_OUT: out }, stdio: 'ignore' });
        const code = await new Promise((resolve) => child.on('close', resolve));
        expect(code, args.join(' ')).toBe(exitCode);
        const list = JSON.parse(readFileSync(out, 'utf8')) as string[] | null;
        expect(Array.isArray(list), 'process.moduleLoadList is there to read').toBe(true);
        return list!.includes('NativeModule internal/modules/esm/module_job');
      };
      expect(await loadedEsm(['triggers'])).toBe(true);
      expect(await loadedEsm(['validate', 'samples'])).toBe(false);
      expect(await loadedEsm(['validate', 'samples', '--format', 'json'])).toBe(false);
      // 1: the two payloads differ.
      expect(await loadedEsm(['diff', 'samples/PROJECT_MOVEMENT.json', 'samples/PROJECT_CREATED.json'], 1)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
