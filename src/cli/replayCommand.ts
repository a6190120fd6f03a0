import { Option, type Command } from 'commander';
import { addInputOptions } from './inputOptions.js';
import { collect, examples, integer, NAME, positive, type Run } from './options.js';
import { listEarly } from '../io/inputs/earlyListings.js';

export function addReplayCommand(program: Command, run: Run): void {
  const cmd = program
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
    .option('--timeout <ms>', 'give up on an attempt not fully answered (status and whole body) within this long', integer('--timeout', 1, 3_600_000), 10_000)
    .option('--retries <n>', 'retries on network errors, timeouts, 408, 429 and 5xx, with exponential backoff and jitter; Retry-After is honoured up to 30 s', integer('--retries', 0, 20), 2)
    .option('--header <"K: V">', 'add a header (repeatable; wins over captured ones)', collect)
    .option('--keep-headers', 're-send the headers a capture directory recorded, minus hop-by-hop, host and length, and minus values the capture redacted (***)')
    .option('--set <path=value>', 'change a field that exists before sending, e.g. event.currentStage.name=PTO; the value is JSON when it parses, else a string (repeatable)', collect)
    .option('--set-new <path=value>', 'like --set, and create the field (and objects on the way) where it is missing (repeatable; applied before --set)', collect)
    .option('--new-ids', 'give each delivery a fresh event.eventId (a 32-bit number from 1900000000 up, like Coperniq\'s) and event.firedAt, so the receiver sees a new event')
    .option('--times <n>', 'send each payload n times in a row (to prove the receiver is idempotent)', integer('--times', 1, 1000), 1)
    .option('--sample <trigger>', 'send a generated sample of a trigger, e.g. PROJECT_MOVEMENT (what sample prints); repeated, in the order given, each a new event', collect)
    .option('--expect <statuses>', 'statuses that count as success, e.g. 2xx or 200,202 or 200-299', '2xx')
    .option('--dry-run', 'show what would be sent (target, headers, size, changes) and send nothing')
    .option('-y, --yes', `no confirmation for more than 20 deliveries to a host that is not loopback`)
    .addOption(new Option('-f, --format <format>', 'report format on stdout').choices(['pretty', 'json', 'junit']).default('pretty'))
    .option('--token <token>', 'a secret in the --to URL (such as /hooks/TOKEN) to print as *** wherever it appears (default: $COPERNIQ_HOOKS_TOKEN); a query value or a long random segment is hidden anyway')
    .option('--show-secrets', 'print query values and auth headers instead of ***')
    .addHelpText(
      'after',
      examples([
        `${NAME} replay fixtures/movement.json --to http://localhost:3000/hook`,
        `${NAME} replay captures/ --concurrency 10 --yes \\`,
        `    --to https://staging.example.com/hook?token=abc`,
        `${NAME} replay --sample PROJECT_MOVEMENT \\`,
        `    --set event.currentStage.name=PTO --to http://localhost:3000/hook`,
        `${NAME} replay captures/ --times 2 --format junit > replay.xml`,
        `${NAME} replay captures/ --seq 5-12,20 --to http://localhost:3000/h`,
        `cat p.json | ${NAME} replay - --to http://localhost:3000/h --dry-run`,
      ]) +
        '\nA payload a change cannot apply to (not JSON, or no such field in a folder of\n' +
        'mixed triggers) is reported "not sent (cannot change)", apart from failures.\n' +
        '\nExit codes: 0 every delivery met --expect; 1 some did not, or were not sent\n' +
        '(cannot change); 2 usage or input error, such as nothing selected or a --set\n' +
        'path in no payload; 130 interrupted.\n',
    )
    .action(async (paths: string[], opts: import('../commands/replay/replay.js').ReplayOptions) =>
      run(
        async (ctx) => {
          void listEarly(paths, ctx.cwd);
          return (await import('../commands/replay/replay.js')).replay(paths, opts, ctx);
        },
        { graceful: true },
      ),
    );
  addInputOptions(cmd);
}
