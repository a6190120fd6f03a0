import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { askYesNo } from '../../../../src/io/terminal/confirm.js';

function ask(answer: string | null, signal = new AbortController().signal) {
  const stdin = new PassThrough();
  const stderr = new PassThrough();
  let asked = '';
  stderr.on('data', (d: Buffer) => (asked += d.toString()));
  const result = askYesNo('Send 30 deliveries?', stdin, stderr, signal);
  if (answer === null) stdin.end();
  else stdin.write(answer);
  return result.then((yes) => ({ yes, asked }));
}

describe('askYesNo', () => {
  it('asks on stderr and takes y or yes', async () => {
    expect(await ask('y\n')).toEqual({ yes: true, asked: 'Send 30 deliveries? [y/N] ' });
    expect((await ask('YES\n')).yes).toBe(true);
  });
  it('treats anything else, end of input and Ctrl-C as no', async () => {
    expect((await ask('\n')).yes).toBe(false);
    expect((await ask('nope\n')).yes).toBe(false);
    expect((await ask(null)).yes).toBe(false);
    const c = new AbortController();
    const pending = ask('', c.signal);
    c.abort();
    expect((await pending).yes).toBe(false);
  });
});
