import { describe, expect, it } from 'vitest';
import { progressLine } from '../../../../src/render/replay/progress.js';

describe('progressLine', () => {
  it('draws a bar with counts, rate and failures', () => {
    expect(progressLine(50, 200, 0, 1000, 10)).toBe('[###.......] 50/200  25% 50/s');
    expect(progressLine(2000, 2000, 3, 1000, 10)).toBe('[##########] 2000/2000 100% 2.0k/s  3 failed');
    expect(progressLine(0, 0, 0, 0, 4)).toBe('[####] 0/0 100% 0/s');
  });
});
