#!/usr/bin/env node
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
// Scripts call `--version` in loops: answer it before the CLI and commander load.
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  const { main } = await import('../dist/cli.js');
  await main(args);
}
