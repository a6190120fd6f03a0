/**
 * The repository stands alone (DESIGN.md, "Tests"; issue 8 §1): a user's clone has nothing beside
 * it, so no test, benchmark, script, package.json, README or source may read or point at a folder
 * outside the repository, such as the `shared` folder next to it on the machine it was built on.
 * (Running a real clone is too slow for `npm test`; this check is what keeps one passing.)
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

/** Built, installed or generated: not part of what a clone holds. */
const SKIP = new Set(['.git', 'node_modules', 'dist', '.bench', 'captures', 'coverage']);

// Built from pieces so that this file does not match itself.
const OUTSIDE = [
  { what: 'a sibling `shared` folder', re: new RegExp(['\\.\\.', '[/\\\\]', 'shared\\b'].join('')) },
  { what: 'a path of the build machine', re: new RegExp(['(^|[\\s\'"`(])', '/work', '/'].join('')) },
];

function repoFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    if (SKIP.has(d.name)) return [];
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return repoFiles(full);
    return d.isFile() && statSync(full).size < 4 * 1024 * 1024 ? [full] : [];
  });
}

/** Every line, in every file under `root`, that points outside the repository. */
function pointersOutside(root: string): string[] {
  return repoFiles(root).flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) =>
        OUTSIDE.filter(({ re }) => re.test(line)).map(({ what }) => `${path.relative(root, file)}:${i + 1}: ${what}: ${line.trim()}`),
      ),
  );
}

describe('the repository stands alone', () => {
  it('scans the tests, benchmarks, scripts, sources, package.json and README', () => {
    const scanned = repoFiles(ROOT).map((f) => path.relative(ROOT, f));
    for (const f of ['package.json', 'README.md', 'test/helpers/listen.ts', 'test/bench/lib.mjs', '.ci/run', 'src/cli.ts']) {
      expect(scanned).toContain(f);
    }
    expect(scanned.some((f) => f.startsWith('scripts/'))).toBe(true);
  });

  it('finds nothing that points outside the repository', () => {
    expect(pointersOutside(ROOT)).toEqual([]);
  });

  it('would catch a fixture read from a sibling folder or an absolute path of the build machine', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'self-contained-'));
    try {
      mkdirSync(path.join(dir, 'test'));
      const sibling = ['..', 'shared', 'bench', 'payload.json'].join('/');
      writeFileSync(path.join(dir, 'test', 'a.ts'), `ok\nreadFileSync(path.resolve(ROOT, '${sibling}'));\n`);
      writeFileSync(path.join(dir, 'README.md'), `see ${['', 'work', 'shared', 'DESIGN.md'].join('/')}\n`);
      mkdirSync(path.join(dir, 'node_modules'));
      writeFileSync(path.join(dir, 'node_modules', 'x.js'), `'${sibling}'`);
      expect(pointersOutside(dir).sort()).toEqual([
        `README.md:1: a path of the build machine: see ${['', 'work', 'shared', 'DESIGN.md'].join('/')}`,
        `test/a.ts:2: a sibling \`shared\` folder: readFileSync(path.resolve(ROOT, '${sibling}'));`,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
