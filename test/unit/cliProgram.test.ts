import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli.js';

const ALL = ['listen', 'validate', 'schema', 'triggers', 'diff', 'replay', 'sample', 'inspect'];
const names = (only?: string) => buildProgram('0.0.0', only).commands.map((c) => c.name());

describe('buildProgram', () => {
  it('registers only the command the command line names, with its options', () => {
    expect(names('validate')).toEqual(['validate']);
    expect(buildProgram('0.0.0', 'diff').commands[0].options.map((o) => o.long)).toContain('--format');
  });

  it('registers every command for anything else: help, a typo to suggest for, an option first', () => {
    for (const first of [undefined, '--help', 'help', 'validat', '--no-color', '__proto__', 'constructor']) expect(names(first)).toEqual(ALL);
  });
});
