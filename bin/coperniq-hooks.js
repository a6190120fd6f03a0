#!/usr/bin/env node
'use strict';
// CommonJS (bin/package.json says so): Node starts a CommonJS entry without setting up its ES module
// loader, which `--version` would pay for. Scripts call `--version` in loops: it is answered here,
// before the CLI and commander load. The CLI is the bundle scripts/build-cli.mjs makes of dist/cli.js:
// its first file is CommonJS too, so `--help` runs without that loader; the commands are ES modules.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  process.stdout.write(`${require('../package.json').version}\n`);
} else {
  require('../dist/cli-bundle/cli.cjs').main(args);
}
