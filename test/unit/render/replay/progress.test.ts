import { describe, expect, it } from 'vitest';
import { renderReplayProgress } from '../../../../src/render/replay/progress.js';

describe('renderReplayProgress', () => {
  it('draws a bar with counts, rate and failures', () => {
    expect(renderReplayProgress(50, 200, 0, 1000, 10)).toBe('[###.......] 50/200  25% 50/s');
    expect(renderReplayProgress(2000, 2000, 3, 1000, 10)).toBe('[##########] 2000/2000 100% 2.0k/s  3 failed');
    expect(renderReplayProgress(0, 0, 0, 0, 4)).toBe('[####] 0/0 100% 0/s');
  });
});
