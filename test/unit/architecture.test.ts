/**
 * The layering rule of DESIGN.md, checked on every source file: cli -> commands -> {core, io,
 * render}; core imports no other layer; io and render import only core besides themselves; only
 * render uses chalk or cli-table3; only cli.ts touches the process (argv, env, exit, signals,
 * standard streams).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === 'ui' ? [] : sourceFiles(full);
    return /\.(ts|tsx)$/.test(d.name) && !d.name.endsWith('.d.ts') ? [full] : [];
  });
}

type Layer = 'cli' | 'index' | 'commands' | 'core' | 'io' | 'render' | 'lib';

function layerOf(file: string): Layer {
  const rel = path.relative(SRC, file).split(path.sep);
  if (rel.length === 1) return rel[0] === 'cli.ts' ? 'cli' : rel[0] === 'index.ts' ? 'index' : 'lib';
  return rel[0] as Layer;
}

/** Which layers each layer may import from (besides itself and packages). */
const ALLOWED: Record<Layer, Layer[]> = {
  cli: ['commands', 'core', 'io'],
  commands: ['core', 'io', 'render'],
  core: [],
  io: ['core'],
  render: ['core'],
  // The library entry points expose core and the receiving kit's adapters, never the CLI.
  index: ['core', 'io', 'lib'],
  lib: ['core', 'io', 'lib', 'index'],
};

function relativeImports(text: string): string[] {
  const specs: string[] = [];
  for (const m of text.matchAll(/(?:from\s+|import\(\s*)'(\.{1,2}\/[^']+)'/g)) specs.push(m[1]);
  return specs;
}

function violations(file: string, text: string): string[] {
  const from = layerOf(file);
  return relativeImports(text).filter((spec) => {
    const to = layerOf(path.resolve(path.dirname(file), spec));
    return to !== from && !ALLOWED[from].includes(to);
  });
}

const files = sourceFiles(SRC);

describe('architecture', () => {
  it('finds the sources', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it.each(files.map((f) => [path.relative(SRC, f), f]))('%s imports only what its layer may', (_rel, file) => {
    const from = layerOf(file);
    expect(violations(file, readFileSync(file, 'utf8')), `${from} may import only ${[from, ...ALLOWED[from]].join(', ')}`).toEqual([]);
  });

  it('only render uses chalk and cli-table3', () => {
    const users = files.filter((f) => layerOf(f) !== 'render' && /from 'chalk'|\('cli-table3'\)|from 'cli-table3'/.test(readFileSync(f, 'utf8')));
    expect(users.map((f) => path.relative(SRC, f))).toEqual([]);
  });

  it('only cli.ts touches argv, env, exit codes, signals and the standard streams of the process', () => {
    const touch = /process\.(argv|env|exit|exitCode|on\(|once\(|stdout|stderr|stdin)\b/;
    // tunnelGuard.ts is the entry of a process of its own (the guard between listen and a tunnel program).
    const entries = ['cli.ts', path.join('io', 'tunnel', 'tunnelGuard.ts')];
    const users = files.filter((f) => !entries.includes(path.relative(SRC, f)) && touch.test(readFileSync(f, 'utf8')));
    expect(users.map((f) => path.relative(SRC, f))).toEqual([]);
  });

  it('a planted violation is caught', () => {
    const coreFile = path.join(SRC, 'core', 'payload', 'x.ts');
    expect(violations(coreFile, "import { Sender } from '../../io/http/sender.js';")).toEqual(['../../io/http/sender.js']);
    expect(violations(coreFile, "const r = await import('../../render/paint.js');")).toEqual(['../../render/paint.js']);
    expect(violations(coreFile, "import { x } from '../diff/diffValues.js';")).toEqual([]);
    expect(violations(path.join(SRC, 'render', 'a.ts'), "import { x } from '../io/terminal/terminal.js';")).toHaveLength(1);
  });
});
