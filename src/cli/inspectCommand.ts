import type { Command } from 'commander';
import { examples, integer, NAME, type Run } from './options.js';

export const INSPECTOR_PORT = 4401;

export function addInspectCommand(program: Command, run: Run): void {
  const cmd = program
    .command('inspect')
    .description('a web inspector for a capture directory: list, search, open, compare and replay deliveries in your browser (live while listen writes to it)')
    .argument('[dir]', 'capture directory (made by listen --dir)', './captures')
    .option('-p, --port <n>', `port on 127.0.0.1 (default ${INSPECTOR_PORT}, or the next free one; 0 takes any free one)`, integer('--port', 0, 65535), INSPECTOR_PORT)
    .option('--open', 'open the inspector in your browser (xdg-open, open or start)')
    .option('--json', 'NDJSON on stdout: a "ready" line with "inspectorUrl"')
    .addHelpText(
      'after',
      examples([
        `# ./captures, at http://127.0.0.1:${INSPECTOR_PORT}/?token=...`,
        `${NAME} inspect`,
        `${NAME} inspect fixtures/captures --open`,
        `${NAME} inspect --port 0 --json | jq -r .inspectorUrl`,
      ]) +
        '\nThe inspector listens on loopback only; the token in its URL is needed for\n' +
        'every request. listen starts the same inspector itself (see listen --ui-port).\n' +
        'Stop with Ctrl-C (exit 0).\n',
    )
    .action(async (dir: string, opts: { port: number; open?: boolean; json?: boolean }) => {
      const portGiven = cmd.getOptionValueSource('port') === 'cli';
      await run(
        async (ctx) => (await import('../commands/inspect/inspect.js')).inspect(ctx, dir, { port: opts.port, portGiven, open: Boolean(opts.open), json: Boolean(opts.json) }),
        { graceful: true },
      );
    });
}
