/** `inspect [dir]`: the web inspector over a capture directory, archived or still being written. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { INDEX_FILE } from '../../core/capture/captureFormat.js';
import { RuntimeFailure, UsageError } from '../../core/errors.js';
import { parseTarget } from '../../core/replay/replayOptions.js';
import { openBrowser } from '../../io/terminal/openBrowser.js';
import { outputWidth, write } from '../../io/terminal/terminal.js';
import { renderInspectReady, renderOpenFailed } from '../../render/inspect/inspectLines.js';
import { loadPaint } from '../../render/paint.js';
import type { Context } from '../context.js';
import { startInspector } from './inspector.js';

export interface InspectOptions {
  port: number;
  /** --port given explicitly: that port or fail; otherwise the next free one after the default. */
  portGiven: boolean;
  open: boolean;
  json: boolean;
}

async function checkDir(arg: string, dir: string): Promise<void> {
  let names: string[];
  try {
    if (!(await fs.stat(dir)).isDirectory()) throw new UsageError(`${arg} is a file, not a capture directory`);
    names = await fs.readdir(dir);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`no such directory: ${arg} (capture into it with: coperniq-hooks listen --dir ${arg})`);
    throw new UsageError(`cannot read ${arg}: ${(err as Error).message}`);
  }
  // An empty directory may be one `listen` is about to write to; a folder of fixtures is not a capture.
  if (!names.includes(INDEX_FILE) && names.some((n) => !n.startsWith('.'))) {
    throw new UsageError(`${arg} is not a capture directory (it has no ${INDEX_FILE}): inspect reads what listen captured`);
  }
}

/** replay's own default target, so the page replays where `replay` would. */
function envTarget(env: NodeJS.ProcessEnv): { url: URL; source: 'environment' } | null {
  const raw = env.COPERNIQ_HOOKS_TARGET;
  if (!raw || raw.trim() === '') return null;
  try {
    return { url: parseTarget(raw), source: 'environment' };
  } catch (err) {
    if (err instanceof UsageError) throw new UsageError(`COPERNIQ_HOOKS_TARGET: ${err.message}`);
    throw err;
  }
}

export async function inspect(ctx: Context, dirArg: string, opts: InspectOptions): Promise<number> {
  const dir = path.resolve(ctx.cwd, dirArg);
  await checkDir(dirArg, dir);
  const err = await loadPaint(ctx.color.stderr);
  let inspector;
  try {
    inspector = await startInspector({ dir, port: opts.port, nextFree: !opts.portGiven, avoid: [], source: 'directory', version: ctx.version, replayTarget: envTarget(ctx.env) });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new RuntimeFailure(`port ${opts.port} on 127.0.0.1 is already in use; pick another with --port (--port 0 takes a free one)`);
    if (code === 'EACCES') throw new RuntimeFailure(`not allowed to listen on 127.0.0.1:${opts.port} (ports below 1024 need privileges); pick another --port`);
    throw e;
  }
  try {
    await write(ctx.stderr, renderInspectReady({ url: inspector.url, dir }, err, outputWidth(ctx.stderr)));
    if (opts.json) await write(ctx.stdout, `${JSON.stringify({ type: 'ready', inspectorUrl: inspector.url, dir })}\n`);
    if (opts.open) {
      const opened = await openBrowser(inspector.url, (reason) => void write(ctx.stderr, renderOpenFailed(reason, err)));
      if (!opened.ok) await write(ctx.stderr, renderOpenFailed(opened.reason, err));
    }
    if (!ctx.signal.aborted) await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }));
  } finally {
    await inspector.close();
  }
  return 0;
}
