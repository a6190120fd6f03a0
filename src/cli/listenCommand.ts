import { Option, type Command } from 'commander';
import { byteSize, examples, integer, NAME, type Run } from './options.js';
import { INSPECTOR_PORT } from './inspectCommand.js';

export function addListenCommand(program: Command, run: Run): void {
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
    .addOption(new Option('--tunnel [provider]', 'start a tunnel to the capture port and print the public URL to paste, with a token: a Cloudflare quick tunnel (cloudflared, no account) or ngrok').choices(['cloudflare', 'ngrok']))
    .option('--public-url <url>', 'the address of a tunnel or proxy you run yourself: the paste line is built from it, with the token')
    .option('--no-validate', 'do not validate deliveries against the trigger schemas')
    .option('--json', 'NDJSON on stdout: a "ready" line, then one "delivery" line per delivery (the index fields)')
    .option('--show-secrets', 'do not redact tokens, query values and auth headers in lines and index')
    .option('--no-fsync', 'answer once a delivery is written, without waiting for the disk to confirm it (faster; a power loss or OS crash can then lose deliveries already answered 2xx)')
    .option('--ui-port <n>', `port of the web inspector on 127.0.0.1 (the next free one if taken; 0 takes any)`, integer('--ui-port', 0, 65535), INSPECTOR_PORT)
    .option('--no-ui', 'do not start the web inspector')
    .addHelpText(
      'after',
      examples([
        `npx ${NAME} listen`,
        `${NAME} listen --port 0 --dir fixtures/captures --token s3cret`,
        `${NAME} listen --forward-to http://localhost:3000/webhooks/coperniq`,
        `${NAME} listen --status 500 --delay 2000     # watch Coperniq retry`,
        `${NAME} listen --json | jq 'select(.type=="delivery") | .trigger'`,
        `npx ${NAME} listen --tunnel   # public URL: Cloudflare quick tunnel`,
        `NGROK_AUTHTOKEN=... ${NAME} listen --tunnel ngrok`,
        `${NAME} listen --public-url https://hooks.example.com  # your tunnel`,
      ]) + '\nStop with Ctrl-C (exit 0). Exit codes: 2 bad option, or no cloudflared/ngrok for\n--tunnel; 3 port in use, capture directory unusable, or no tunnel came up.\n',
    )
    .action(async (opts) => {
      await run(async (ctx) => (await import('../commands/listen/listen.js')).listen(ctx, opts), { graceful: true, stopWithParent: true });
    });
}
