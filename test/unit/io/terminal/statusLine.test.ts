import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startStatusLine } from '../../../../src/io/terminal/statusLine.js';

describe('startStatusLine', () => {
  it('redraws the line in place on a terminal and erases it at the end', async () => {
    const tty = Object.assign(new PassThrough(), { isTTY: true });
    let out = '';
    tty.on('data', (d: Buffer) => (out += d.toString()));
    let calls = 0;
    const line = startStatusLine(tty, (ms) => `${++calls} after ${ms >= 0 ? 'some' : 'no'} time`, 5);
    await once(tty, 'data');
    line.stop();
    tty.end();
    await once(tty, 'end');
    expect(out.startsWith('\r\x1b[K1 after some time')).toBe(true);
    expect(out.endsWith('\r\x1b[K')).toBe(true);
  });

  it('draws nothing when the stream is not a terminal', () => {
    const pipe = new PassThrough();
    const line = startStatusLine(pipe, () => 'never', 1);
    line.stop();
    expect(pipe.read()).toBeNull();
  });
});
