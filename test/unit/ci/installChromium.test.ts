/**
 * `.ci/install-chromium`, run by `.ci/run` before `npm test`: installs Debian's chromium only when
 * it is missing, refreshing the package lists only when the first install fails. apt-get (and sudo)
 * are stand-ins on PATH that log their arguments and act as apt would.
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../../helpers/cli.js';

const SCRIPT = path.join(ROOT, '.ci/install-chromium');

let work: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  work = await tempDir('install-chromium-');
});
afterEach(async () => {
  await work.cleanup();
});

/**
 * A fake apt-get: `update` writes the package lists; `install -y chromium` fails without them (as on
 * a fresh image) unless `listsAtStart`, and otherwise puts an executable at the checked path.
 */
function fakeApt(opts: { listsAtStart: boolean; installWorks?: boolean }): { chromium: string; log: () => string[] } {
  const bin = path.join(work.dir, 'bin');
  const chromium = path.join(work.dir, 'chromium');
  const lists = path.join(work.dir, 'lists');
  const logFile = path.join(work.dir, 'apt.log');
  if (opts.listsAtStart) writeFileSync(lists, '');
  const put = opts.installWorks === false ? 'exit 100' : `printf '#!/bin/sh\\n' > '${chromium}'; chmod +x '${chromium}'`;
  const script = `#!/bin/sh
echo "apt-get $*" >> '${logFile}'
case "$1" in
  update) : > '${lists}' ;;
  install) [ -e '${lists}' ] || { echo 'E: Unable to locate package chromium' >&2; exit 100; }; ${put} ;;
esac
`;
  mkdirSync(bin);
  writeFileSync(path.join(bin, 'apt-get'), script);
  writeFileSync(path.join(bin, 'sudo'), '#!/bin/sh\nexec "$@"\n');
  chmodSync(path.join(bin, 'apt-get'), 0o755);
  chmodSync(path.join(bin, 'sudo'), 0o755);
  return { chromium, log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8').trim().split('\n') : []) };
}

async function install(chromium: string): Promise<{ code: number; stderr: string }> {
  const env = { ...process.env, PATH: `${path.join(work.dir, 'bin')}:${process.env.PATH}`, CHROMIUM: chromium };
  try {
    const r = await promisify(execFile)(SCRIPT, [], { env });
    return { code: 0, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

describe('.ci/install-chromium', () => {
  it('does nothing when chromium is there', async () => {
    const apt = fakeApt({ listsAtStart: true });
    writeFileSync(apt.chromium, '#!/bin/sh\n', { mode: 0o755 });
    expect((await install(apt.chromium)).code).toBe(0);
    expect(apt.log()).toEqual([]);
  });

  it('installs it when missing, without refreshing lists that are there', async () => {
    const apt = fakeApt({ listsAtStart: true });
    const r = await install(apt.chromium);
    expect(r.code, r.stderr).toBe(0);
    expect(apt.log()).toEqual(['apt-get install -y chromium']);
    expect(existsSync(apt.chromium)).toBe(true);
  });

  it('refreshes the package lists and tries again when the first install fails', async () => {
    const apt = fakeApt({ listsAtStart: false });
    const r = await install(apt.chromium);
    expect(r.code, r.stderr).toBe(0);
    expect(apt.log()).toEqual(['apt-get install -y chromium', 'apt-get update', 'apt-get install -y chromium']);
    expect(existsSync(apt.chromium)).toBe(true);
  });

  it('fails, saying so, when chromium cannot be installed', async () => {
    const apt = fakeApt({ listsAtStart: true, installWorks: false });
    const r = await install(apt.chromium);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`could not install chromium with apt-get (the browser tests need it at ${apt.chromium})`);
    expect(apt.log()).toEqual(['apt-get install -y chromium', 'apt-get update', 'apt-get install -y chromium']);
    expect(existsSync(apt.chromium)).toBe(false);
  });

  it('runs before npm ci and npm test in .ci/run', () => {
    const steps = readFileSync(path.join(ROOT, '.ci/run'), 'utf8')
      .split('\n')
      .filter((l) => /^(\.ci\/install-chromium|npm )/.test(l));
    expect(steps).toEqual(['.ci/install-chromium', 'npm ci --no-audit --no-fund', 'npm test']);
  });
});
