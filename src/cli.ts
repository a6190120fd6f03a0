import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import type { Context } from './commands/context.js';
import { parseByteSize } from './core/text/byteSize.js';
import { wantsColor } from './io/terminal/terminal.js';

const NAME = 'coperniq-hooks';

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function integer(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new CommanderError(2, 'commander.invalidArgument', `${name} must be a whole number from ${min} to ${max}, got "${value}"`);
    }
    return n;
  };
}

function positive(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
      throw new CommanderError(2, 'commander.invalidArgument', `${name} must be a number above 0, got "${value}"`);
    }
    return n;
  };
}

function byteSize(name: string) {
  return (value: string): number => {
    const n = parseByteSize(value);
    if (n === null || n < 1) throw new CommanderError(2, 'commander.invalidArgument', `${name} must be a size in bytes such as 1048576, 512k or 10MiB, got "${value}"`);
    return n;
  };
}

function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

interface Run {
  (load: (ctx: Context) => Promise<number>, opts?: { graceful?: boolean }): Promise<void>;
}

function makeRunner(version: string, program: Command): Run {
  return async (load, { graceful = false } = {}) => {
    const noColor = program.opts().color === false || process.argv.includes('--no-color');
    const controller = new AbortController();
    if (graceful) {
      // First Ctrl-C asks the command to stop and report; a second one is the user insisting.
      let interrupts = 0;
      const onSignal = (sig: NodeJS.Signals) => {
        interrupts++;
        if (interrupts > 1) process.exit(130);
        controller.abort(sig);
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    }
    const ctx: Context = {
      stdout: process.stdout,
      stderr: process.stderr,
      stdin: process.stdin,
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
      process.exitCode = reportError(err);
    }
  };
}

function reportError(err: unknown): number {
  const e = err as { exitCode?: number; message?: string; code?: string; stack?: string };
  if (e && (e.exitCode === 2 || e.exitCode === 3)) {
    process.stderr.write(`${NAME}: ${e.message}\n`);
    return e.exitCode;
  }
  if (e && (e.code === 'ENOSPC' || e.code === 'EACCES' || e.code === 'EROFS' || e.code === 'EMFILE')) {
    process.stderr.write(`${NAME}: ${e.message}\n`);
    return 3;
  }
  process.stderr.write(`${NAME}: unexpected failure: ${process.env.DEBUG ? e?.stack : e?.message ?? String(err)}\n`);
  return 3;
}

export function buildProgram(version: string): Command {
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
      outputError: (str, write) => write(`${NAME}: ${str.replace(/^error: /, '').replace(/\n(?=.)/g, ' ').trimEnd()}\n`),
    })
    .addHelpText(
      'after',
      examples([
        `npx ${NAME} listen                                   # capture deliveries into ./captures`,
        `npx ${NAME} validate captures/ --format github       # check them in CI`,
        `npx ${NAME} diff captures/ test/fixtures/ --shape       # has the payload shape drifted?`,
        `npx ${NAME} replay captures/ --to http://localhost:3000/hook`,
        `npx ${NAME} replay --sample PROJECT_MOVEMENT --to http://localhost:3000/hook`,
        `${NAME} <command> --help`,
      ]) + '\nExit codes: 0 ok, 1 check failed, 2 usage or input error, 3 runtime failure, 130 interrupted.\n',
    );
  program
    .command('listen')
    .description('capture every delivery byte for byte into a directory (stored before it is acknowledged), with a live line each')
    .option('-p, --port <n>', 'port to listen on (0 takes a free one)', integer('--port', 0, 65535), 4400)
    .option('--host <host>', 'address to bind (anything wider than loopback is your explicit choice)', '127.0.0.1')
    .option('-d, --dir <path>', 'capture directory (created if missing, continued if it exists)', './captures')
    .addOption(new Option('--token <token>', 'require this token as ?token= or as the last path segment').env('COPERNIQ_HOOKS_TOKEN'))
    .option('--status <code>', 'HTTP status to answer with (try 500 to exercise Coperniq retries)', integer('--status', 200, 599), 200)
    .option('--delay <ms>', 'wait this long before answering', integer('--delay', 0, 600_000), 0)
    .option('--forward-to <url>', 'after storing, forward the raw bytes and headers to this URL and answer with its status')
    .option('--timeout <ms>', 'time allowed for a request body, and for the forward target to answer', integer('--timeout', 1, 3_600_000), 30_000)
    .option('--max-body <bytes>', 'largest body accepted (e.g. 10485760, 512k, 10MiB)', byteSize('--max-body'), 10 * 1024 * 1024)
    .option('--no-validate', 'do not validate deliveries against the trigger schemas')
    .option('--json', 'NDJSON on stdout: a "ready" line, then one "delivery" line per delivery (the index fields)')
    .option('--show-secrets', 'do not redact tokens, query values and auth headers in lines and index')
    .addHelpText(
      'after',
      examples([
        `npx ${NAME} listen`,
        `${NAME} listen --port 0 --dir fixtures/captures --token s3cret`,
        `${NAME} listen --forward-to http://localhost:3000/webhooks/coperniq`,
        `${NAME} listen --status 500 --delay 2000     # watch Coperniq retry`,
        `${NAME} listen --json | jq 'select(.type=="delivery") | .trigger'`,
      ]) + '\nStop with Ctrl-C (exit 0). Exit codes: 2 bad option, 3 port in use or capture directory unusable.\n',
    )
    .action(async (opts) => {
      await run(async (ctx) => (await import('./commands/listen/listen.js')).listen(ctx, opts), { graceful: true });
    });

  program
    .command('validate')
    .description('check saved payloads against the schema of their Coperniq trigger (made for CI)')
    .argument('<paths...>', 'files, directories (searched for *.json), capture directories, or - for stdin')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['pretty', 'json', 'junit', 'github']).default('pretty'))
    .option('--strict', 'treat warnings (unknown fields, unknown trigger, unknown values) as errors')
    .option('-t, --trigger <key>', 'check every input as this trigger, whatever event.triggerKey says')
    .option('--schema <file>', 'also check against your own JSON Schema (draft-07, 2019-09 or 2020-12)')
    .option('-q, --quiet', 'list only the files that fail')
    .addHelpText(
      'after',
      examples([
        `${NAME} validate samples/`,
        `${NAME} validate captures/ --strict`,
        `${NAME} validate test/fixtures --format github      # annotations in GitHub Actions`,
        `${NAME} validate test/fixtures --format junit > reports/coperniq.xml`,
        `curl -s https://my-middleware/last-payload | ${NAME} validate -`,
        `${NAME} validate payload.json --trigger TASK_STATUS_MOVEMENT --schema my-rules.json`,
      ]) + '\nExit codes: 0 every payload valid (warnings allowed), 1 any invalid, 2 usage error or no payloads found.\n',
    )
    .action((paths: string[], opts) =>
      run(async (ctx) => (await import('./commands/validate/validate.js')).validate(paths, opts, ctx)),
    );

  program
    .command('schema')
    .description('print the JSON Schema (draft 2020-12) of Coperniq payloads, the same rules validate applies')
    .option('-t, --trigger <key>', "only this trigger's payload shape")
    .addHelpText(
      'after',
      examples([
        `${NAME} schema > coperniq-webhook.schema.json`,
        `${NAME} schema --trigger PROJECT_MOVEMENT`,
        `npx ajv-cli validate --spec=draft2020 -c ajv-formats -s coperniq-webhook.schema.json -d payload.json`,
      ]),
    )
    .action((opts) => run(async (ctx) => (await import('./commands/schema.js')).schema(opts, ctx)));

  program
    .command('triggers')
    .description('list the Coperniq triggers this tool knows: key, record type, own event fields, how sure we are')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['pretty', 'json']).default('pretty'))
    .addHelpText('after', examples([`${NAME} triggers`, `${NAME} triggers --format json | jq -r '.[].key'`]))
    .action((opts) => run(async (ctx) => (await import('./commands/triggers.js')).triggers(opts, ctx)));

  program
    .command('diff')
    .description('show what changed between two payloads, or two folders of them (exit 1 when they differ)')
    .argument('<a>', 'a payload file, a folder (or capture directory), or - for stdin')
    .argument('<b>', 'the same for the other side')
    .option('--ignore <path>', 'leave out a path; * is one level, ** any depth, e.g. **.updatedAt (repeatable)', collect)
    .option('--ignore-volatile', 'leave out event.eventId, event.firedAt and every createdAt, updatedAt, modifiedAt')
    .option('--array-key <key>', 'pair array items by this field instead of by index (repeatable: first key every item has wins)', collect)
    .option('--shape', 'compare only keys and value types (schema drift); folders compare per trigger')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['pretty', 'json', 'patch']).default('pretty'))
    .addHelpText(
      'after',
      examples([
        `${NAME} diff test/fixtures/project-movement.json captures/00000007-PROJECT_MOVEMENT-432563.json --ignore-volatile`,
        `${NAME} diff old.json new.json --ignore '**.updatedAt' --ignore record.geoLocation`,
        `${NAME} diff a.json b.json --array-key id --format json`,
        `${NAME} diff captures-january/ captures/ --shape`,
        `curl -s https://example.test/payload | ${NAME} diff fixture.json -`,
        `${NAME} diff fixture.json new.json --format patch > fixture.patch.json`,
      ]) +
        '\nPlain folders pair files by relative path; two capture directories pair deliveries by event id.\n' +
        'Exit codes: 0 equal (after ignores), 1 different, 2 unreadable path, malformed JSON, file vs directory.\n',
    )
    .action(async (a: string, b: string, o: { ignore?: string[]; ignoreVolatile?: boolean; arrayKey?: string[]; shape?: boolean; format: 'pretty' | 'json' | 'patch' }) =>
      run(async (ctx) => {
        const { diffCommand } = await import('./commands/diff/diff.js');
        return diffCommand(ctx, a, b, {
          ignore: o.ignore ?? [],
          ignoreVolatile: Boolean(o.ignoreVolatile),
          arrayKey: o.arrayKey ?? [],
          shape: Boolean(o.shape),
          format: o.format,
        });
      }),
    );


  program
    .command('replay')
    .summary('send saved payloads to a URL, with concurrency, retries and a report')
    .description(
      'Send saved payloads (files, directories of *.json, capture directories from `listen --dir`, "-" for stdin, ' +
        'or a bundled sample) to a URL such as your staging middleware. The stored bytes are sent unchanged ' +
        'unless --set or --new-ids is given. Without a capture index, payloads go in event.firedAt order, then by name.',
    )
    .argument('[paths...]', 'payload files, directories, capture directories, or - for stdin')
    .option('--to <url>', 'where to POST (default: $COPERNIQ_HOOKS_TARGET)')
    .option('--concurrency <n>', 'deliveries in flight at once; 1 keeps the order', integer('--concurrency', 1, 1000), 1)
    .option('--rate <n>', 'at most n deliveries (attempts) per second', positive('--rate'))
    .option('--timeout <ms>', 'give up on an attempt after this long', integer('--timeout', 1, 3_600_000), 10_000)
    .option('--retries <n>', 'retries on network errors, timeouts, 408, 429 and 5xx, with exponential backoff and jitter; Retry-After is honoured up to 30 s', integer('--retries', 0, 20), 2)
    .option('--header <"K: V">', 'add a header (repeatable; wins over captured ones)', collect)
    .option('--keep-headers', 're-send the headers a capture directory recorded, minus hop-by-hop, host and length, and minus values the capture redacted (***)')
    .option('--set <path=value>', 'change a field before sending, e.g. event.currentStage.name=PTO; the value is JSON when it parses, else a string (repeatable)', collect)
    .option('--new-ids', 'give each delivery a fresh event.eventId and event.firedAt, so the receiver sees a new event')
    .option('--times <n>', 'send each payload n times in a row (to prove the receiver is idempotent)', integer('--times', 1, 1000), 1)
    .option('--sample <trigger>', 'replay the bundled sample for a trigger key, e.g. PROJECT_MOVEMENT (repeatable)', collect)
    .option('--expect <statuses>', 'statuses that count as success, e.g. 2xx or 200,202 or 200-299', '2xx')
    .option('--dry-run', 'show what would be sent (target, headers, size, changes) and send nothing')
    .option('-y, --yes', `no confirmation for more than 20 deliveries to a host that is not loopback`)
    .addOption(new Option('-f, --format <format>', 'report format on stdout').choices(['pretty', 'json', 'junit']).default('pretty'))
    .option('--show-secrets', 'print query values and auth headers instead of ***')
    .addHelpText(
      'after',
      examples([
        `${NAME} replay fixtures/movement.json --to http://localhost:3000/coperniq`,
        `${NAME} replay captures/ --to https://staging.example.com/hook?token=abc --concurrency 10 --yes`,
        `${NAME} replay --sample PROJECT_MOVEMENT --set event.currentStage.name=PTO --to http://localhost:3000/hook`,
        `${NAME} replay captures/ --times 2 --format junit > replay.xml`,
        `cat payload.json | ${NAME} replay - --to http://localhost:3000/hook --dry-run`,
      ]) + '\nExit codes: 0 every delivery met --expect, 1 some did not, 2 usage or input error, 130 interrupted.\n',
    )
    .action(async (paths: string[], opts: import('./commands/replay/replay.js').ReplayOptions) =>
      run(async (ctx) => (await import('./commands/replay/replay.js')).replay(paths, opts, ctx), { graceful: true }),
    );
  return program;
}

export async function main(argv: string[]): Promise<void> {
  // `coperniq-hooks ... | head`: a reader that leaves early is not our failure. Swallow EPIPE (the
  // rest of the output has nowhere to go) instead of dying on an unhandled 'error' event.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
    });
  }
  const version = readVersion();
  const program = buildProgram(version);
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
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    process.exitCode = reportError(err);
  }
}
