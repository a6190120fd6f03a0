import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

// Commander used to prefix our own message with its "option '--x <n>' argument 'v' is invalid.",
// so every bad number or size was said twice.
describe('a bad option value is explained once', () => {
  it.each([
    [['replay', '--concurrency', '0'], '--concurrency must be a whole number from 1 to 1000, got "0"'],
    [['replay', '--times', 'two'], '--times must be a whole number from 1 to 1000, got "two"'],
    [['replay', '--rate', '0'], '--rate must be a number above 0, got "0"'],
    [['replay', '--timeout', '-5'], '--timeout must be a whole number from 1 to 3600000, got "-5"'],
    [['listen', '--port', '70000'], '--port must be a whole number from 0 to 65535, got "70000"'],
    [['listen', '--max-body', 'lots'], '--max-body must be a size in bytes such as 1048576, 512k or 10MiB, got "lots"'],
    [['validate', 'samples', '--max-input', '3GiB'], '--max-input can be at most 2 GiB, got "3GiB" (from the flag or COPERNIQ_HOOKS_MAX_INPUT)'],
  ])('%j', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`coperniq-hooks: ${message}\n`);
    expect(r.stdout).toBe('');
  });

  it('names the variable when the value may have come from it', async () => {
    const r = await runCli(['validate', 'samples'], { env: { COPERNIQ_HOOKS_MAX_INPUT: 'lots' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('coperniq-hooks: --max-input must be a size in bytes such as 1048576, 512k or 10MiB, got "lots" (from the flag or COPERNIQ_HOOKS_MAX_INPUT)\n');
  });
});
