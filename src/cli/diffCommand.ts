import { Option, type Command } from 'commander';
import type { InputFlags } from '../commands/select/pickInputs.js';
import { addInputOptions } from './inputOptions.js';
import { collect, examples, NAME, type Run } from './options.js';

export function addDiffCommand(program: Command, run: Run): void {
  const cmd = program
    .command('diff')
    .description('show what changed between two payloads, or two folders of them (exit 1 when they differ)')
    .argument('<a>', 'a payload file, a folder (or capture directory), or - for stdin')
    .argument('<b>', 'the same for the other side')
    .option('--ignore <path>', 'leave out a path; * is one level, ** any depth, e.g. **.updatedAt (repeatable)', collect)
    .option('--ignore-volatile', 'leave out event.eventId, event.firedAt and every createdAt, updatedAt, modifiedAt')
    .option('--array-key <key>', 'pair array items by this field instead of by index (repeatable: first key every item has wins)', collect)
    .option('--shape', 'compare only keys, value types and how often each field is there (schema drift); folders compare per trigger')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['pretty', 'json', 'patch']).default('pretty'))
    .addHelpText(
      'after',
      examples([
        `${NAME} diff test/fixtures/project-movement.json \\`,
        `    captures/00000007-PROJECT_MOVEMENT-432563.json --ignore-volatile`,
        `${NAME} diff old.json new.json --ignore '**.updatedAt' \\`,
        `    --ignore record.geoLocation`,
        `${NAME} diff a.json b.json --array-key id --format json`,
        `${NAME} diff captures-january/ captures/ --shape`,
        `${NAME} diff captures/ fixtures/ --shape -t TASK_CREATED --since 7d`,
        `curl -s https://example.test/payload | ${NAME} diff fixture.json -`,
        `${NAME} diff fixture.json new.json --format patch > patch.json`,
      ]) +
        '\nPlain folders pair files by relative path; two capture directories pair\n' +
        'deliveries by event id.\n' +
        'The selection options (--trigger ... --until) pick payloads on each side.\n' +
        'Exit codes: 0 equal (after ignores), 1 different, 2 unreadable path, malformed\n' +
        'JSON, file vs directory, nothing selected; 130 interrupted.\n',
    )
    .action(async (a: string, b: string, o: { ignore?: string[]; ignoreVolatile?: boolean; arrayKey?: string[]; shape?: boolean; format: 'pretty' | 'json' | 'patch' } & InputFlags) =>
      run(async (ctx) => {
        const { diffCommand } = await import('../commands/diff/diff.js');
        return diffCommand(ctx, a, b, {
          ignore: o.ignore ?? [],
          ignoreVolatile: Boolean(o.ignoreVolatile),
          arrayKey: o.arrayKey ?? [],
          shape: Boolean(o.shape),
          format: o.format,
        }, o);
      }, { graceful: true }),
    );
  addInputOptions(cmd);
}
