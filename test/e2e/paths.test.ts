import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { sample } from '../helpers/payloads.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir('paths-e2e-')));
afterEach(async () => cleanup());

const put = async (name: string, value: unknown) => {
  const file = path.join(dir, name);
  await writeFile(file, JSON.stringify(value));
  return file;
};

/** Keys no identifier can carry: a non-ASCII letter, a slash, a space, a right-to-left override. */
const ODD_KEYS = ['é', 'odd/key', 'odd key', 'x\u202ey'];

describe('one path notation across commands (issue 9)', () => {
  it('validate and diff print a key the same way, and diff --ignore takes what validate printed', async () => {
    const fixture = sample('PROJECT_MOVEMENT') as { record: Record<string, unknown> };
    const changed = structuredClone(fixture);
    for (const k of ODD_KEYS) changed.record[k] = 1;
    const a = await put('fixture.json', fixture);
    const b = await put('changed.json', changed);

    const schema = await put('rules.schema.json', {
      type: 'object',
      properties: { record: { type: 'object', properties: { 'odd/key': { type: 'string' } } } },
    });
    const validated = await runCli(['validate', b, '--schema', schema, '--format', 'json']);
    const findings = JSON.parse(validated.stdout).results[0];
    const validatePaths: string[] = [...findings.errors, ...findings.warnings].map((f: { path: string }) => f.path);
    // Unknown fields from our schema, and the user's JSON Schema error from its JSON Pointer.
    expect(new Set(validatePaths)).toEqual(new Set(['record["é"]', 'record["odd/key"]', 'record["odd key"]', 'record["x\\u202ey"]']));
    expect(validated.stdout).not.toContain('\u202e');

    const diffed = await runCli(['diff', a, b, '--format', 'json']);
    expect(diffed.code).toBe(1);
    const diffPaths = JSON.parse(diffed.stdout).changes.map((c: { path: string }) => c.path);
    expect(new Set(diffPaths)).toEqual(new Set(validatePaths));

    const pretty = await runCli(['diff', a, b]);
    for (const p of validatePaths) expect(pretty.stdout).toContain(`+ ${p}: 1`);

    const ignored = await runCli(['diff', a, b, ...validatePaths.flatMap((p) => ['--ignore', p])]);
    expect(ignored.stderr).toBe('');
    expect(ignored.stdout).toMatch(/no differences/);
    expect(ignored.code).toBe(0);
  });
});
