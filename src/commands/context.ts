/**
 * What a command may touch of the process. `cli.ts` builds it from the real process; tests and the
 * library can build their own, so commands never read `process` directly.
 */
export interface Context {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Colour for what goes to stdout / stderr, decided once from TTY, NO_COLOR, FORCE_COLOR, --no-color. */
  color: { stdout: boolean; stderr: boolean };
  /** Aborted on the first Ctrl-C or SIGTERM, for commands that stop gracefully; its reason is the signal's name, or PARENT_EXITED. */
  signal: AbortSignal;
  version: string;
}

/** The abort reason when the process that started this one has gone (a killed npx or npm run). */
export const PARENT_EXITED = 'parent-exited';
