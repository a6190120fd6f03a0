import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INDEX_FILE } from '../../../../src/core/capture/captureFormat.js';
import { collectInputs } from '../../../../src/io/inputs/inputs.js';

let dir: string;
beforeEach(() => void (dir = mkdtempSync(path.join(os.tmpdir(), 'inputs-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('collectInputs: seenRegular (the reader may skip fstat for these)', () => {
  it('is set for regular files the walk found, in folders and capture directories, and for nothing else', async () => {
    mkdirSync(path.join(dir, 'plain'));
    writeFileSync(path.join(dir, 'plain/a.json'), '{}');
    writeFileSync(path.join(dir, 'elsewhere.json'), '{}');
    symlinkSync(path.join(dir, 'elsewhere.json'), path.join(dir, 'plain/link.json'));
    mkdirSync(path.join(dir, 'cap'));
    writeFileSync(path.join(dir, 'cap/00000001-X-1.json'), '{}');
    writeFileSync(path.join(dir, 'cap/00000002-X-2.json'), '{}');
    writeFileSync(path.join(dir, `cap/${INDEX_FILE}`), `${JSON.stringify({ seq: 1, file: '00000001-X-1.json' })}\n`);
    writeFileSync(path.join(dir, 'named.json'), '{}');
    const { inputs } = await collectInputs(['plain', 'cap', 'named.json'], { cwd: dir });
    const seen = Object.fromEntries(inputs.map((i) => [i.name, i.seenRegular === true]));
    expect(seen).toEqual({
      [path.join('plain', 'a.json')]: true,
      [path.join('plain', 'link.json')]: false,
      [path.join('cap', '00000001-X-1.json')]: true,
      [path.join('cap', '00000002-X-2.json')]: true,
      'named.json': false,
    });
  });
});
