import { describe, expect, it } from 'vitest';
import { fitLine } from '../../../src/render/fitLine.js';
import { fitColumns } from '../../../src/render/table.js';
import { textWidth, truncate, truncateStart, wrap } from '../../../src/render/width.js';

const RED = (s: string) => `\u001b[31m${s}\u001b[39m`;

describe('textWidth', () => {
  it('counts what a terminal shows: colour codes none, wide characters two', () => {
    expect(textWidth('abc')).toBe(3);
    expect(textWidth(RED('abc'))).toBe(3);
    expect(textWidth('日本')).toBe(4);
    expect(textWidth('café ✖ …')).toBe(8);
  });
});

describe('truncate', () => {
  it('cuts to the width with an ellipsis, and leaves what fits', () => {
    expect(truncate('PROJECT_MOVEMENT', 20)).toBe('PROJECT_MOVEMENT');
    expect(truncate('PROJECT_MOVEMENT', 8)).toBe('PROJECT…');
    expect(truncate('Site Survey -> X', 6)).toBe('Site…');
    expect(truncate('日本語テキスト', 5)).toBe('日本…');
    expect(truncateStart('00000012-PROJECT_MOVEMENT-432563.json', 12)).toBe('…432563.json');
  });
});

describe('wrap', () => {
  it('breaks at spaces, breaks words longer than a line, and counts lead and hang in the width', () => {
    expect(wrap('one two three four', 9)).toEqual(['one two', 'three', 'four']);
    expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrap('one two three', 9, `${RED('✖')} `, '    ')).toEqual([`${RED('✖')} one two`, '    three']);
  });

  it('never makes a line wider than asked', () => {
    const words = ['a', 'bb', 'ccccccccccccccccccccccccc', '日本語', 'x.y.z', ''];
    for (let seed = 1; seed < 300; seed++) {
      const text = Array.from({ length: seed % 17 }, (_, i) => words[(seed * (i + 3)) % words.length]).join(' ');
      // Wider than the hang plus a wide character: below that no layout can fit.
      const width = 8 + (seed % 30);
      for (const line of wrap(text, width, '  ', '    ')) expect(textWidth(line), `${JSON.stringify(text)} at ${width}`).toBeLessThanOrEqual(width);
    }
  });
});

describe('fitLine', () => {
  const pieces = () => [
    { text: '12:00:00' },
    { text: '#7' },
    { text: 'PROJECT_MOVEMENT', cut: 6, min: 28 },
    { text: 'INVALID (3 errors)' },
    { text: 'event 432563', cut: 4, min: 16 },
    { text: 'stage Site Survey -> Engineering', cut: 3, min: 16, drop: true },
    { text: 'record 396776', cut: 1, min: Infinity, drop: true },
    { text: 'Residence of the Fernández family', quoted: true, cut: 2, min: 10, drop: true },
  ];

  it('leaves a line that fits whole', () => {
    expect(fitLine(pieces(), Infinity)).toBe('12:00:00 #7 PROJECT_MOVEMENT INVALID (3 errors) event 432563 stage Site Survey -> Engineering record 396776 "Residence of the Fernández family"');
  });

  it('drops the first to give way, then cuts the others, serving the last to give way first', () => {
    expect(fitLine(pieces(), 100)).toBe('12:00:00 #7 PROJECT_MOVEMENT INVALID (3 errors) event 432563 stage Site Survey -> Engi… "Residence…"');
    expect(fitLine(pieces(), 80)).toBe('12:00:00 #7 PROJECT_MOVEMENT INVALID (3 errors) event 432563 stage Site Survey…');
  });

  it('fits every width, losing the tail last', () => {
    for (let width = 10; width <= 160; width++) expect(textWidth(fitLine(pieces(), width)), String(width)).toBeLessThanOrEqual(width);
    expect(fitLine(pieces(), 20)).toBe('12:00:00 #7');
  });
});

describe('fitColumns', () => {
  const columns = [
    { head: 'File', natural: 20 },
    { head: 'Findings', natural: 60, wrapDownTo: 30 },
  ];

  it('takes natural widths when they fit, shrinks the wrapping column when not, and gives up below its minimum', () => {
    expect(fitColumns(columns, 200)).toEqual([20, 60]);
    expect(fitColumns(columns, 80)).toEqual([20, 53]);
    expect(fitColumns(columns, 57)).toEqual([20, 30]);
    expect(fitColumns(columns, 56)).toBeNull();
  });
});
