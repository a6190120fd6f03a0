import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { PARENT_EXITED, type Context } from './commands/context.js';
import { errorText } from './commands/errorText.js';
import { wantsColor } from './io/terminal/terminal.js';
import { examples, NAME, type Run } from './cli/options.js';
import { addListenCommand } from './cli/listenCommand.js';
import { addValidateCommand } from './cli/validateCommand.js';
import { addSchemaCommand } from './cli/schemaCommand.js';
import { addTriggersCommand } from './cli/triggersCommand.js';
import { addDiffCommand } from './cli/diffCommand.js';
import { addReplayCommand } from './cli/replayCommand.js';
import { addSampleCommand } from './cli/sampleCommand.js';
import { addInspectCommand } from './cli/inspectCommand.js';

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function makeRunner(version: string, program: Command): Run {
  return async (load, { graceful = false, stopWithParent = false } = {}) => {
    const noColor = program.opts().color === false || process.argv.includes('--no-color');
    const controller = new AbortController();
    // A graceful command stops at the first Ctrl-C or SIGTERM and reports what it did; a second
    // one is the user insisting. The others have nothing to report: they stop at once.
    // npm exec/run forward the terminal's SIGINT to the child that already got it from the
    // terminal, so a repeat within SAME_STOP_MS is the same Ctrl-C, not a second one.
    let firstAt: number | null = null;
    const onSignal = (sig: NodeJS.Signals) => {
      if (!graceful || (firstAt !== null && performance.now() - firstAt >= SAME_STOP_MS)) process.exit(130);
      firstAt ??= performance.now();
      controller.abort(sig);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    // The terminal closing (SIGHUP) would otherwise kill listen mid-delivery and leave its lock.
    process.on('SIGHUP', onSignal);
    if (stopWithParent) watchParent(controller);
    const ctx: Context = {
      stdout: process.stdout,
      stderr: process.stderr,
      // Read on first use: process.stdin builds a stream (and loads Node's stream modules, ~2 ms)
      // that a command given files never needs.
      get stdin() {
        return process.stdin;
      },
      env: process.env,
      cwd: process.cwd(),
      color: {
        stdout: wantsColor(process.stdout, process.env, noColor),
        stderr: wantsColor(process.stderr, process.env, noColor),
      },
      signal: controller.signal,
      version,
    };
    try {
      process.exitCode = await load(ctx);
    } catch (err) {
      process.exitCode = await reportError(err);
    }
  };
}

const SAME_STOP_MS = 500;
const PARENT_CHECK_MS = 1000;

/**
 * A killed `npx`/`npm run` leaves its child running (npm passes SIGTERM only to the shell it
 * started, which dies without passing it on): a `listen` orphaned that way would hold its port
 * and lock for good. Reparenting changes our ppid, so a periodic look is enough.
 */
function watchParent(controller: AbortController): void {
  const parent = process.ppid;
  if (parent <= 1) return;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    controller.abort(PARENT_EXITED);
  }, PARENT_CHECK_MS);
  timer.unref();
  controller.signal.addEventListener('abort', () => clearInterval(timer), { once: true });
}

async function reportError(err: unknown): Promise<number> {
  const e = err as { exitCode?: number; message?: string; code?: string; stack?: string };
  if (e && (e.exitCode === 2 || e.exitCode === 3 || e.exitCode === 130)) {
    await writeError(`${NAME}: ${e.message}`);
    return e.exitCode;
  }
  if (e && (e.code === 'ENOSPC' || e.code === 'EACCES' || e.code === 'EROFS' || e.code === 'EMFILE')) {
    await writeError(`${NAME}: ${e.message}`);
    return 3;
  }
  await writeError(`${NAME}: unexpected failure: ${process.env.DEBUG ? e?.stack : e?.message ?? String(err)}`);
  return 3;
}

async function writeError(text: string): Promise<void> {
  process.stderr.write(`${await errorText(text, process.stderr.isTTY ? process.stderr.columns || 80 : 0)}\n`);
}

/** The message of commander's last usage error (a bad option, a missing argument), not yet written. */
let usageError: string | undefined;

// Each command's name and what registers it (its options, help text and examples).
const COMMANDS: Record<string, (program: Command, run: Run) => void> = {
  listen: addListenCommand,
  validate: addValidateCommand,
  schema: addSchemaCommand,
  triggers: addTriggersCommand,
  diff: addDiffCommand,
  replay: addReplayCommand,
  sample: addSampleCommand,
  inspect: addInspectCommand,
};

/**
 * The program with every command, or only with `only` when that names one: a run of one command
 * needs none of the others, and registering all eight was ~3 ms of every start (issue 13).
 */
export function buildProgram(version: string, only?: string): Command {
  const program = new Command(NAME);
  const run = makeRunner(version, program);
  program
    .description('Capture, validate, diff and replay Coperniq webhook payloads.')
    .version(version, '-v, --version', 'print the version')
    .option('--no-color', 'no colour, even on a terminal (NO_COLOR and FORCE_COLOR are honoured too)')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      // Kept for runCommand, which writes it as any other error: wrapped to a terminal's width.
      outputError: (str) => void (usageError = `${NAME}: ${str.replace(/^error: /, '').replace(/\n(?=.)/g, ' ').trimEnd()}`),
    })
    .addHelpText(
      'after',
      examples([
        `npx ${NAME} listen --tunnel     # capture into ./captures`,
        `npx ${NAME} validate captures/ --format github`,
        `npx ${NAME} diff captures/ test/fixtures/ --shape   # drifted?`,
        `npx ${NAME} replay captures/ --to http://localhost:3000/hook`,
        `npx ${NAME} replay --sample PROJECT_MOVEMENT \\`,
        `    --to http://localhost:3000/hook`,
        `npx ${NAME} sample PROJECT_MOVEMENT --stage PTO > fixture.json`,
        `npx ${NAME} inspect captures/ --open   # in a web page`,
        `${NAME} <command> --help`,
      ]) + '\nExit codes: 0 ok, 1 check failed, 2 usage or input error, 3 runtime failure,\n130 interrupted.\n',
    );
  const adders = only !== undefined && Object.hasOwn(COMMANDS, only) ? [COMMANDS[only]] : Object.values(COMMANDS);
  for (const add of adders) add(program, run);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  await runCommand(argv);
  await exitOnceFlushed();
}

/**
 * The command is done, so the process is: it exits once stdout and stderr have taken what was
 * written (a pipe can be asynchronous on macOS). Left to exit by itself, Node first waits for V8's
 * background work, optimizing compiles still queued for code that will not run again: 11-13 ms
 * of a 300 ms `validate` of 10,000 files or `diff` of two 5.9 MB payloads (issue 13).
 */
async function exitOnceFlushed(): Promise<void> {
  await Promise.all([process.stdout, process.stderr].map((stream) => new Promise<void>((resolve) => stream.write('', () => resolve()))));
  process.exit();
}

async function runCommand(argv: string[]): Promise<void> {
  // `coperniq-hooks ... | head`: a reader that leaves early is not our failure. Swallow EPIPE (the
  // rest of the output has nowhere to go) instead of dying on an unhandled 'error' event.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
    });
  }
  const version = readVersion();
  const program = buildProgram(version, argv[0]);
  for (const cmd of program.commands) cmd.exitOverride().configureOutput(program.configureOutput());
  try {
    if (argv.length === 0) {
      process.stderr.write(program.helpInformation());
      process.exitCode = 2;
      return;
    }
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (usageError !== undefined) await writeError(usageError);
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    process.exitCode = await reportError(err);
  }
}
