import { Option, type Command } from 'commander';
import { examples, NAME, type Run } from './options.js';

export function addTriggersCommand(program: Command, run: Run): void {
  program
    .command('triggers')
    .description('list the Coperniq triggers this tool knows: key, record type, own event fields, how sure we are')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['pretty', 'json']).default('pretty'))
    .addHelpText('after', examples([`${NAME} triggers`, `${NAME} triggers --format json | jq -r '.[].key'`]))
    .action((opts) => run(async (ctx) => (await import('../commands/triggers.js')).triggers(opts, ctx)));
}
