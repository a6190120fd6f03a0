import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { BIN, ROOT } from './cli.js';

/** util-linux `script` runs the bin on a real pseudo-terminal, whose size `stty` sets. */
export const SCRIPT = '/usr/bin/script';
export const HAS_SCRIPT = existsSync(SCRIPT);

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export interface OnTerminal {
  /** Everything the terminal showed so far (stdout and stderr share it, as on a screen). */
  output: () => string;
  /** Matched against what the screen shows, colour codes taken out. */
  waitFor: (re: RegExp) => Promise<RegExpMatchArray>;
  /** Typed at the keyboard: `\x03` is Ctrl-C. */
  type: (text: string) => void;
  exited: Promise<{ code: number | null; output: string }>;
  kill: () => void;
}

/** Starts the built bin on a terminal `columns` wide. */
export function onTerminal(args: string[], opts: { columns: number; rows?: number; env?: NodeJS.ProcessEnv; cwd?: string }): OnTerminal {
  const command = `stty cols ${opts.columns} rows ${opts.rows ?? 24}; exec ${[process.execPath, BIN, ...args].map(quote).join(' ')}`;
  const env = { ...process.env, ...opts.env };
  for (const k of ['NO_COLOR', 'FORCE_COLOR', 'COPERNIQ_HOOKS_TOKEN', 'COPERNIQ_HOOKS_TARGET']) if (!opts.env || !(k in opts.env)) delete env[k];
  const child = spawn(SCRIPT, ['-qfec', command, '/dev/null'], { cwd: opts.cwd ?? ROOT, env });
  let out = '';
  const waiters = new Set<() => void>();
  let done = false;
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    waiters.forEach((w) => w());
  });
  const exited = new Promise<{ code: number | null; output: string }>((resolve) =>
    child.on('close', (code) => {
      done = true;
      waiters.forEach((w) => w());
      resolve({ code, output: out });
    }),
  );
  const waitFor = (re: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const m = out.replace(ANSI, '').match(re);
        if (m || done) waiters.delete(check);
        if (m) resolve(m);
        else if (done) reject(new Error(`exited before ${re}; the terminal showed:\n${out}`));
      };
      waiters.add(check);
      check();
    });
  return { output: () => out, waitFor, type: (text) => child.stdin.write(text), exited, kill: () => child.kill('SIGKILL') };
}


/**
 * The lines as shown, colour codes taken out; a pty ends lines with CR LF. The test data holds no
 * wide characters, so a character is a column.
 */
export function screenLines(output: string): string[] {
  return output.replace(ANSI, '').split(/\r?\n/).map((l) => l.replace(/\r$/, ''));
}

export const columnsOf = (line: string) => [...line].length;
