/**
 * Issue 9: the ajv example in `schema --help` must work as printed. It runs here through npx with
 * npm offline, against the ajv-cli and ajv-formats this repository installs (never the network).
 */
import { execFile } from 'node:child_process';
import { copyFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, runCli, SAMPLES, tempDir } from '../helpers/cli.js';

const run = promisify(execFile);
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('schema --help', () => {
  it('prints an ajv example that validates a sample against the printed schema, as written', async () => {
    const help = (await runCli(['schema', '--help'])).stdout;
    // An example too long for 80 columns goes on with a backslash, as a shell reads it.
    const examples = [...help.matchAll(/^ {2}\$ ((?:.*\\\n)*.*)$/gm)].map((m) => m[1].replace(/\s*\\\n\s*/g, ' '));
    const save = examples.find((l) => /^coperniq-hooks schema > \S+$/.test(l))!;
    const ajv = examples.find((l) => l.startsWith('npx '))!;
    expect(save).toBeDefined();
    expect(ajv).toBeDefined();

    // npx installs only the packages its -p options name: whatever the command loads must be among them.
    const words = ajv.split(' ');
    const packages = words.flatMap((w, i) => (w === '-p' ? [words[i + 1]] : []));
    const loaded = words.flatMap((w, i) => (w === '-c' ? [words[i + 1]] : []));
    expect(packages).toContain('ajv-cli');
    for (const module of loaded) expect(packages).toContain(module);

    const t = await tempDir('schema-help-');
    cleanups.push(t.cleanup);
    await symlink(path.join(ROOT, 'node_modules'), path.join(t.dir, 'node_modules'), 'dir');
    await writeFile(path.join(t.dir, 'package.json'), '{"name":"user-project","private":true}\n');
    const schemaFile = save.split('> ')[1];
    await writeFile(path.join(t.dir, schemaFile), (await runCli(['schema'])).stdout);
    await copyFile(path.join(SAMPLES, 'TASK_STATUS_MOVEMENT.json'), path.join(t.dir, 'payload.json'));

    const env = { ...process.env, npm_config_offline: 'true', npm_config_yes: 'false', npm_config_update_notifier: 'false' };
    const [cmd, ...args] = ajv.split(' ');
    const ok = await run(cmd, args, { cwd: t.dir, env });
    expect(`${ok.stdout}${ok.stderr}`).toMatch(/payload\.json valid/);

    await writeFile(path.join(t.dir, 'payload.json'), JSON.stringify({ event: { eventId: 'x' } }));
    const bad = await run(cmd, args, { cwd: t.dir, env }).catch((e: { code: number; stderr: string }) => e);
    expect(bad).toMatchObject({ code: 1 });
    expect((bad as { stderr: string }).stderr).toMatch(/payload\.json invalid/);
  });
});
