import { Option, type Command } from 'commander';
import { listEarly } from '../io/inputs/earlyListings.js';
import { addInputOptions } from './inputOptions.js';
import { examples, NAME, type Run } from './options.js';

export function addValidateCommand(program: Command, run: Run): void {
  const cmd = program
    .command('validate')
    .description('check saved payloads against the schema of their Coperniq trigger (made for CI)')
    .argument('<paths...>', 'files, directories (searched for *.json), capture directories, or - for stdin')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['pretty', 'json', 'junit', 'github']).default('pretty'))
    .option('--strict', 'treat warnings (unknown fields, unknown trigger, unknown values) as errors')
    .option('--as <key>', 'check every input as this trigger, whatever event.triggerKey says')
    .option('--schema <file>', 'also check against your own JSON Schema (draft-07, 2019-09 or 2020-12)')
    .option('-q, --quiet', 'list only the files that fail')
    .addHelpText(
      'after',
      examples([
        `${NAME} validate samples/`,
        `${NAME} validate captures/ --strict`,
        `# annotations in GitHub Actions`,
        `${NAME} validate test/fixtures --format github`,
        `${NAME} validate test/fixtures --format junit > reports/coperniq.xml`,
        `curl -s https://my-middleware/last-payload | ${NAME} validate -`,
        `${NAME} validate captures/ --trigger PROJECT_MOVEMENT --since 2h`,
        `${NAME} validate p.json --as TASK_STATUS_MOVEMENT --schema rules.json`,
      ]) +
        '\n--trigger picks payloads by their trigger; --as checks them as another one.\n' +
        'Exit codes: 0 every payload valid (warnings allowed), 1 any invalid, 2 usage\n' +
        'error, no payloads found or none selected, 130 interrupted.\n',
    )
    .action((paths: string[], opts) =>
      run(
        async (ctx) => {
          void listEarly(paths, ctx.cwd);
          return (await import('../commands/validate/validate.js')).validate(paths, opts, ctx);
        },
        { graceful: true },
      ),
    );
  addInputOptions(cmd);
}
