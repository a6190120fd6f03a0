import { Option, type Command } from 'commander';
import { DEFAULT_MAX_INPUT, MAX_INPUT_ENV, MAX_INPUT_FLAG } from '../io/inputs/regularFile.js';
import { byteSize, collect } from './options.js';

/**
 * The options of the input side `validate`, `diff` and `replay` share: which payloads to act on,
 * and how much may be read from one file or from stdin. Defined once so that each means the same.
 */
export function addInputOptions(cmd: Command): Command {
  return cmd
    .option('-t, --trigger <key>', 'only payloads with this trigger key (repeatable, or comma-separated)', collect)
    .option('--seq <ranges>', 'only these deliveries of a capture directory, by sequence number, e.g. 5-12,20', collect)
    .option('--verdict <verdict>', 'only payloads the check finds valid, invalid, or with warnings (repeatable)', collect)
    .option('--record <id>', 'only payloads about this record id (repeatable, or comma-separated)', collect)
    .option('--since <time>', 'only payloads received (capture directories) or fired (event.firedAt) at or after this ISO time or time ago (30m, 2h, 7d)')
    .option('--until <time>', 'only payloads received or fired before this time (same forms as --since)')
    .addOption(
      new Option(`${MAX_INPUT_FLAG} <size>`, 'refuse a file, or stdin, larger than this (e.g. 512MiB)')
        .env(MAX_INPUT_ENV)
        .argParser(byteSize(MAX_INPUT_FLAG, 2 * 1024 ** 3, MAX_INPUT_ENV))
        .default(DEFAULT_MAX_INPUT, '256MiB'),
    );
}
