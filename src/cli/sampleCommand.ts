import type { Command } from 'commander';
import { collect, examples, integer, NAME, type Run } from './options.js';

export function addSampleCommand(program: Command, run: Run): void {
  program
    .command('sample')
    .description('print a sample payload whose event, record and work order agree (ids, stages, times), for replay or a fixture')
    .argument('<trigger>', 'trigger key, e.g. PROJECT_MOVEMENT (coperniq-hooks triggers lists them)')
    .option('--stage <name>', 'the stage the record is in now; PROJECT_MOVEMENT moves there from its current stage (any name: workflows are yours)')
    .option('--status <value>', "the status the trigger is about: the work order's (TASK_*), the phase's (*_PHASE_*), else the record's")
    .option('--record <id>', 'record id (record.id, event.recordId, workOrder.recordId)', integer('--record', 1))
    .option('--event-id <id>', 'event.eventId (a receiver deduplicates on it)', integer('--event-id', 1))
    .option('--set <path=value>', 'then change a field that exists, as replay --set does (repeatable)', collect)
    .option('--set-new <path=value>', 'like --set, and create the field where it is missing (repeatable)', collect)
    .addHelpText(
      'after',
      examples([
        `${NAME} sample PROJECT_MOVEMENT --stage PTO --record 123`,
        `${NAME} sample TASK_STATUS_MOVEMENT --status COMPLETED \\`,
        `    | ${NAME} replay - --to http://localhost:3000/hook`,
        `${NAME} sample PROJECT_MOVEMENT --set record.title=Roof > moved.json`,
      ]) +
        '\nThe payload goes to stdout; a warning on stderr if --set made it invalid.\n' +
        'Exit 2 for an unknown trigger or a bad option.\n',
    )
    .action((trigger: string, opts) => run(async (ctx) => (await import('../commands/sample/sample.js')).sample(trigger, opts, ctx)));
}
