/**
 * The README's install path before the package is on the registry (issue 8 §1): `npm pack`, then
 * `npm install ./coperniq-hooks-x.y.z.tgz` in a project of one's own, then `npx coperniq-hooks`.
 * Run for real, with the network refused: npm's cache holds every dependency after `npm ci`.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, SAMPLES, tempDir } from '../helpers/cli.js';

const NO_NETWORK = path.join(ROOT, 'test/helpers/no-network.mjs');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `npm run` passes its own settings down as npm_* variables (npm_config_local_prefix among them,
 * which would make a nested npm work on this repository); only the cache location is kept.
 */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) || /^npm_config_cache$/i.test(k)) env[k] = v;
  return { ...env, npm_config_update_notifier: 'false', NODE_OPTIONS: `--import=${NO_NETWORK}`, NO_COLOR: '1' };
}

async function run(cmd: string, args: string[], cwd: string): Promise<Run> {
  try {
    const r = await promisify(execFile)(cmd, args, { cwd, env: cleanEnv(), maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? String(err) };
  }
}

interface Packed {
  filename: string;
  files: { path: string }[];
}

/**
 * A lockfile naming the exact versions this repository locks for the package's dependencies. With
 * the network refused, npm can only resolve `ajv@^8` from a cached registry listing, and `npm ci`
 * caches the tarballs, not the listings; with these entries in place it needs only the tarballs.
 * (A user online needs none of this.)
 */
function seedLockfile(project: string): void {
  const ours = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  const packages: Record<string, unknown> = { '': { name: 'tarball-user', version: '1.0.0' } };
  for (const [where, entry] of Object.entries(ours.packages)) if (where !== '' && !entry.dev) packages[where] = entry;
  writeFileSync(path.join(project, 'package-lock.json'), JSON.stringify({ name: 'tarball-user', version: '1.0.0', lockfileVersion: 3, requires: true, packages }));
}

/** A user's TypeScript file: each entry point, a typed handler, and what must not compile. */
const CONSUMER = `
import { CoperniqWebhooks, type Stage } from 'coperniq-hooks';
import * as root from 'coperniq-hooks';
import { diffValues, formatPath } from 'coperniq-hooks/diff';
import { webhookJsonSchema, TRIGGER_KEYS } from 'coperniq-hooks/schema';
import { deliver, samplePayload } from 'coperniq-hooks/testing';

const webhooks = new CoperniqWebhooks({ token: 't' });
webhooks.on('PROJECT_MOVEMENT', ({ event }) => {
  const stage: Stage = event.currentStage;
  // @ts-expect-error a TASK_* field is not on a PROJECT_MOVEMENT event
  void event.workOrderId;
  void stage;
});
// @ts-expect-error the zod schemas are not exported from the root
void root.schemas;
// @ts-expect-error nor reachable by a deep import
await import('coperniq-hooks/dist/core/payload/schemas.js').catch(() => null);
const keys: readonly string[] = TRIGGER_KEYS;
const answer = await deliver(webhooks, samplePayload('PROJECT_MOVEMENT', { eventId: 7 }), { token: 't' });
const moved = samplePayload('PROJECT_MOVEMENT', { stage: 'PTO' });
void [keys, answer, moved, webhookJsonSchema(), diffValues(moved, moved).changes.map((c) => formatPath(c.path))];
`;

const CONSUMER_JS = `
import { CoperniqWebhooks } from 'coperniq-hooks';
import { diffValues, formatPath } from 'coperniq-hooks/diff';
import { webhookJsonSchema } from 'coperniq-hooks/schema';
import { deliver, samplePayload } from 'coperniq-hooks/testing';

const webhooks = new CoperniqWebhooks({ token: 't' });
let stage = null;
webhooks.on('PROJECT_MOVEMENT', ({ event }) => void (stage = event.currentStage.name));
const { status, json } = await deliver(webhooks, samplePayload('PROJECT_MOVEMENT', { eventId: 7, stage: 'PTO' }), { token: 't' });
const moved = samplePayload('PROJECT_MOVEMENT', { stage: 'PTO' });
const diff = diffValues(samplePayload('PROJECT_MOVEMENT'), moved).changes.map((c) => formatPath(c.path)).filter((p) => p.startsWith('event.currentStage.name'));
const internal = await import('coperniq-hooks/dist/core/payload/schemas.js').then(() => 'reachable', (e) => e.code);
console.log(JSON.stringify({ answer: { status, json }, stage, schema: typeof webhookJsonSchema().$defs, diff, internal }));
`;

describe('installed from a packed tarball into a fresh project', () => {
  let work: Awaited<ReturnType<typeof tempDir>>;
  let packed: Packed;
  let project: string;
  let installed: Run;

  beforeAll(async () => {
    work = await tempDir('package-');
    // `npm test` has just built dist/; prepack would build it again.
    const pack = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work.dir], ROOT);
    expect(pack.stderr).not.toMatch(/NETWORK-USED/);
    expect(pack.code, pack.stderr).toBe(0);
    packed = (JSON.parse(pack.stdout) as Packed[])[0];
    project = path.join(work.dir, 'project');
    mkdirSync(project);
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'tarball-user', version: '1.0.0', private: true }));
    seedLockfile(project);
    installed = await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--save-dev', path.join(work.dir, packed.filename)], project);
  }, 120_000);
  afterAll(async () => {
    await work?.cleanup();
  });

  it('ships the built CLI, the library, its types, the samples, the README and the API reference, and nothing else', () => {
    const files = packed.files.map((f) => f.path).sort();
    const samples = readdirSync(SAMPLES).map((f) => `samples/${f}`);
    const entries = ['index', 'diff', 'schema', 'testing'].flatMap((e) => [`dist/${e}.js`, `dist/${e}.d.ts`]);
    // bin/package.json makes the bin CommonJS, which starts faster (issue 13).
    for (const needed of ['package.json', 'README.md', 'docs/API.md', 'bin/coperniq-hooks.js', 'bin/package.json', 'dist/cli.js', ...entries, 'dist/core/payload/fastCheck.generated.cjs', ...samples]) {
      expect(files).toContain(needed);
    }
    const shipped = /^(package\.json|README\.md|docs\/API\.md|LICENSE|bin\/[\w-]+\.js|bin\/package\.json|samples\/[\w-]+\.(json|md)|dist\/.+)$/;
    expect(files.filter((f) => !shipped.test(f))).toEqual([]);
    const junk = /\.(map|tsbuildinfo|log|tgz)$|(^|\/)\.|\.test\.|(?<!\.d)\.tsx?$/;
    expect(files.filter((f) => junk.test(f))).toEqual([]);
  });

  it('installs offline with no script to run and no warning about one', () => {
    expect(installed.code, installed.stderr).toBe(0);
    expect(installed.stderr).not.toMatch(/NETWORK-USED|install-scripts|prepare|error/i);
    const manifest = JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(manifest.devDependencies['coperniq-hooks']).toMatch(/^file:.*coperniq-hooks-\d+\.\d+\.\d+\.tgz$/);
  });

  it('a project imports the root and each subpath (types checked by tsc, then run); internals stay out of reach', async () => {
    writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true,
        types: ['node'], typeRoots: [path.join(ROOT, 'node_modules/@types')],
      },
      files: ['consumer.mts'],
    }));
    writeFileSync(path.join(project, 'consumer.mts'), CONSUMER);
    const tsc = await run(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', project], project);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.code).toBe(0);
    // The same file, run: type annotations stripped by hand would drift, so run the JS twin.
    writeFileSync(path.join(project, 'consumer.mjs'), CONSUMER_JS);
    const ran = await run(process.execPath, ['consumer.mjs'], project);
    expect(ran.code, ran.stderr).toBe(0);
    expect(JSON.parse(ran.stdout)).toEqual({
      answer: { status: 200, json: { ok: true, eventId: 7 } },
      stage: 'PTO',
      schema: 'object',
      diff: ['event.currentStage.name'],
      internal: 'ERR_PACKAGE_PATH_NOT_EXPORTED',
    });
  }, 120_000);

  it('no declaration an entry point reaches imports zod: zod stays an implementation detail', () => {
    const dist = path.join(project, 'node_modules/coperniq-hooks/dist');
    const seen = new Set<string>();
    const withZod: string[] = [];
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      if (/from ['"]zod['"]|import\(['"]zod['"]\)/.test(text)) withZod.push(path.relative(dist, file));
      for (const m of text.matchAll(/from ['"](\.{1,2}\/[^'"]+)\.js['"]/g)) walk(path.resolve(path.dirname(file), `${m[1]}.d.ts`));
    };
    for (const entry of ['index', 'schema', 'diff', 'testing']) walk(path.join(dist, `${entry}.d.ts`));
    expect(seen.size).toBeGreaterThan(20);
    expect(withZod).toEqual([]);
  });

  it('runs with npx: --version, and validate on its bundled samples', async () => {
    const version = await run('npx', ['coperniq-hooks', '--version'], project);
    expect(version.code, version.stderr).toBe(0);
    const { version: ours } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(version.stdout.trim()).toBe(ours);

    const bundled = path.join(project, 'node_modules/coperniq-hooks/samples');
    const validate = await run('npx', ['coperniq-hooks', 'validate', bundled, '--format', 'json'], project);
    expect(validate.stderr).not.toMatch(/NETWORK-USED/);
    expect(validate.code, validate.stderr).toBe(0);
    for (const sample of readdirSync(bundled).filter((f) => f.endsWith('.json'))) {
      expect(validate.stdout).toContain(path.join(bundled, sample));
    }
  }, 60_000);
});
