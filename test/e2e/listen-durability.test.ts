import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { Pool } from 'undici';
import { describe, expect, it, type TestContext } from 'vitest';
import { runCli, startCli, tempDir } from '../helpers/cli.js';
import { payloadFiles, payloadWith, readIndex, send } from '../helpers/listen.js';
import { listenKit } from '../helpers/listenKit.js';

const STRACE = '/usr/bin/strace';

const { onCleanup } = listenKit();

/** One traced syscall: where its line starts (entry) and where its result is printed (exit). */
interface Call {
  name: string;
  args: string;
  entry: number;
  exit: number;
}

/**
 * `strace -f -o FILE` output in order. A call that another thread interrupts is printed in two
 * parts (`... <unfinished ...>`, then `<... name resumed>`); its exit is where the second part is.
 */
function parseTrace(text: string): Call[] {
  const calls: Call[] = [];
  const open = new Map<string, Call>();
  text.split('\n').forEach((line, i) => {
    const m = /^(\d+)\s+(.*)$/.exec(line);
    if (!m) return;
    const [, pid, rest] = m;
    const resumed = /^<\.\.\. (\w+) resumed>/.exec(rest);
    if (resumed) {
      const call = open.get(pid);
      if (call) call.exit = i;
      open.delete(pid);
      return;
    }
    const call = /^(\w+)\((.*)$/.exec(rest);
    if (!call) return;
    const c: Call = { name: call[1], args: call[2], entry: i, exit: i };
    calls.push(c);
    if (rest.endsWith('<unfinished ...>')) open.set(pid, c);
  });
  return calls;
}

const SYNCS = new Set(['fsync', 'fdatasync']);
const TRACED = 'trace=fsync,fdatasync,rename,write,sendto,writev';

/** Skips (with one line saying why) where strace is missing or may not trace (a container without ptrace). */
function straceOrSkip(ctx: TestContext): void {
  if (!existsSync(STRACE)) ctx.skip(`strace is not installed at ${STRACE}: cannot watch listen's syscalls`);
  const probe = spawnSync(STRACE, ['-f', '-o', '/dev/null', '-e', 'trace=fsync', 'true']);
  if (probe.status !== 0) ctx.skip(`strace cannot trace here (${String(probe.stderr).trim().split('\n')[0]})`);
}

/** listen under strace; `inject` makes the kernel's answer to a syscall an error (strace -e inject=...). */
async function tracedListen(args: string[], inject: string[] = []) {
  const t = await tempDir('listen-strace-');
  onCleanup(t.cleanup);
  const dir = path.join(realpathSync(t.dir), 'captures');
  const trace = path.join(t.dir, 'trace');
  const run = startCli(['listen', '--port', '0', '--dir', dir, ...args], {
    via: [STRACE, '-f', '-y', '-s', '1000000', '-o', trace, '-e', TRACED, ...inject.flatMap((i) => ['-e', `inject=${i}`])],
  });
  onCleanup(() => run.stop('SIGKILL'));
  const url = (await run.waitFor(/listening on (http:\/\/\S+)/, 'stderr'))[1];
  return {
    dir,
    url,
    run,
    /** Stops listen itself (its pid is in the lock; strace's own is not it) and returns the trace. */
    async stop(): Promise<Call[]> {
      process.kill(Number(readFileSync(path.join(dir, '.lock'), 'utf8')), 'SIGTERM');
      const r = await run.exited;
      expect(r.stderr).toMatch(/stopped: /);
      return parseTrace(readFileSync(trace, 'utf8'));
    },
  };
}

async function sendConcurrently(url: string, bodies: Buffer[]): Promise<number[]> {
  const pool = new Pool(new URL(url).origin, { connections: bodies.length });
  try {
    return await Promise.all(
      bodies.map(async (body) => {
        const res = await pool.request({ path: '/', method: 'POST', headers: { 'content-type': 'application/json' }, body });
        const seq = (JSON.parse(await res.body.text()) as { seq: number }).seq;
        expect(res.statusCode).toBe(200);
        return seq;
      }),
    );
  } finally {
    await pool.destroy();
  }
}

describe('listen: a 2xx means the delivery is synced to the disk', () => {
  it('syncs the payload, renames it, syncs the directory and the index before it writes the answer; one index sync per group', async (ctx) => {
    straceOrSkip(ctx);
    const l = await tracedListen([]);
    const n = 40;
    const seqs = await sendConcurrently(l.url, Array.from({ length: n }, (_, i) => payloadWith(500 + i)));
    const calls = await l.stop();
    const entries = readIndex(l.dir);
    expect(entries.map((e) => e.seq).sort((a, b) => a - b)).toEqual([...seqs].sort((a, b) => a - b));

    const first = (pred: (c: Call) => boolean, after = -1) => calls.find((c) => c.entry > after && pred(c));
    const isSync = (target: string) => (c: Call) => SYNCS.has(c.name) && c.args.replace(/^\d+/, '').startsWith(`<${target}>`);
    for (const e of entries) {
      const temp = path.join(l.dir, `.tmp-${e.file}`);
      const payloadSync = first(isSync(temp));
      const rename = first((c) => c.name === 'rename' && c.args.startsWith(`"${temp}", "${path.join(l.dir, e.file)}"`));
      const line = `{\\"seq\\":${e.seq},`;
      const lineWrite = first((c) => c.name === 'write' && c.args.includes('index.ndjson>') && (c.args.includes(`, "${line}`) || c.args.includes(`\\n${line}`)));
      const answer = first((c) => /^(write|writev|sendto)$/.test(c.name) && c.args.includes('socket:[') && c.args.includes(`{\\"ok\\":true,\\"seq\\":${e.seq}}`));
      expect(payloadSync, `#${e.seq}: payload synced`).toBeDefined();
      expect(rename, `#${e.seq}: renamed`).toBeDefined();
      expect(lineWrite, `#${e.seq}: index line written`).toBeDefined();
      expect(answer, `#${e.seq}: answered`).toBeDefined();
      const dirSync = first(isSync(l.dir), rename!.exit);
      const indexSync = first(isSync(path.join(l.dir, 'index.ndjson')), lineWrite!.exit);
      expect(dirSync, `#${e.seq}: directory synced after the rename`).toBeDefined();
      expect(indexSync, `#${e.seq}: index synced after its line`).toBeDefined();
      expect(payloadSync!.exit, `#${e.seq}: payload synced before its rename`).toBeLessThan(rename!.entry);
      expect(dirSync!.exit, `#${e.seq}: directory synced before the index line`).toBeLessThan(lineWrite!.entry);
      expect(indexSync!.exit, `#${e.seq}: index synced before the answer`).toBeLessThan(answer!.entry);
    }
    // Group commit: concurrent deliveries share the directory and index syncs.
    const indexSyncs = calls.filter(isSync(path.join(l.dir, 'index.ndjson'))).length;
    const dirSyncs = calls.filter(isSync(l.dir)).length;
    expect(indexSyncs).toBeGreaterThan(0);
    expect(indexSyncs).toBeLessThan(n);
    expect(dirSyncs).toBeLessThan(n);
  });

  it('--no-fsync answers after the rename and the index write, without waiting for any sync', async (ctx) => {
    straceOrSkip(ctx);
    const l = await tracedListen(['--no-fsync']);
    const [seq] = await sendConcurrently(l.url, [payloadWith(7)]);
    const calls = await l.stop();
    const [e] = readIndex(l.dir);
    expect(e).toMatchObject({ seq, eventId: 7 });
    const rename = calls.findIndex((c) => c.name === 'rename' && c.args.includes(e.file));
    const answer = calls.findIndex((c) => /^(write|writev|sendto)$/.test(c.name) && c.args.includes(`{\\"ok\\":true,\\"seq\\":${seq}}`));
    expect(rename).toBeGreaterThan(-1);
    expect(answer).toBeGreaterThan(rename);
    expect(calls.slice(0, answer).filter((c) => SYNCS.has(c.name) && c.args.includes(l.dir))).toEqual([]);
  });

  it('answers 500 and stores nothing once the disk fails a sync (EIO), and keeps refusing: it can no longer promise', async (ctx) => {
    straceOrSkip(ctx);
    const l = await tracedListen([], ['fdatasync:error=EIO']);
    const first = await send(l.url, payloadWith(1));
    expect(first.status).toBe(500);
    const why = (await l.run.waitFor(/error: delivery #1 \(\d+ bytes\) NOT stored, answered 500 so the sender retries: (.*)/, 'stderr'))[1];
    expect(why).toMatch(/^syncing 00000001-PROJECT_MOVEMENT-1\.json failed \(EIO: .*\): the disk no longer confirms writes, so nothing more is stored \(restart listen once the disk is healthy\)$/);
    expect((await send(l.url, payloadWith(2))).status).toBe(500);
    await l.run.waitFor(/delivery #2 .*NOT stored.*the disk no longer confirms writes/, 'stderr');
    await l.stop();
    expect(payloadFiles(l.dir)).toEqual([]);
    expect(readIndex(l.dir)).toEqual([]);
    expect(readdirSync(l.dir).filter((f) => f.startsWith('.tmp-'))).toEqual([]);
  });

  it('goes on where the file system cannot sync a directory (EINVAL, as POSIX allows), syncing files and index', async (ctx) => {
    straceOrSkip(ctx);
    const l = await tracedListen([], ['fsync:error=EINVAL']);
    expect((await send(l.url, payloadWith(1))).status).toBe(200);
    expect((await send(l.url, payloadWith(2))).status).toBe(200);
    const calls = await l.stop();
    expect(readIndex(l.dir).map((e) => e.seq)).toEqual([1, 2]);
    expect(payloadFiles(l.dir)).toHaveLength(2);
    // Tried once, refused, not tried again; files and index are still synced.
    expect(calls.filter((c) => c.name === 'fsync' && c.args.includes(`<${l.dir}>`))).toHaveLength(1);
    expect(calls.filter((c) => c.name === 'fdatasync' && c.args.includes('index.ndjson>'))).toHaveLength(2);
  });

  it('documents --no-fsync and what it gives up in --help', async () => {
    const r = await runCli(['listen', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout.replace(/\s+/g, ' ')).toMatch(/--no-fsync .*power loss or OS crash can then lose deliveries already answered 2xx/);
  });
});
