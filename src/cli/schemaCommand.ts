import type { Command } from 'commander';
import { examples, NAME, type Run } from './options.js';

export function addSchemaCommand(program: Command, run: Run): void {
  program
    .command('schema')
    .description('print the JSON Schema (draft 2020-12) of Coperniq payloads, the same rules validate applies')
    .option('-t, --trigger <key>', "only this trigger's payload shape")
    .addHelpText(
      'after',
      examples([
        `${NAME} schema > coperniq-webhook.schema.json`,
        `${NAME} schema --trigger PROJECT_MOVEMENT`,
        // npx installs only the -p packages, and ajv-cli must find ajv-formats beside it.
        `npx -p ajv-cli -p ajv-formats ajv validate --spec=draft2020 -c ajv-formats \\`,
        `    -s coperniq-webhook.schema.json -d payload.json`,
      ]),
    )
    .action((opts) => run(async (ctx) => (await import('../commands/schema.js')).schema(opts, ctx)));
}
