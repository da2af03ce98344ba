import { describe, expect, it } from 'vitest';
import { formatShape } from '../../format/shape';
import { tensorStats, tensorSummary } from './tensor-summary';

describe('tensor summary for the status bar', () => {
  it('min, max and mean of 2×3 = [[1, −2, 3], [4, 0.5, −0.5]]: −2, 4 and 6/6 = 1', () => {
    expect(tensorStats([1, -2, 3, 4, 0.5, -0.5])).toEqual({ min: -2, max: 4, mean: 1 });
  });

  it('reads shape, min, max and mean in one line', () => {
    expect(tensorSummary([2, 3], new Float64Array([1, -2, 3, 4, 0.5, -0.5]))).toBe(`${formatShape([2, 3])} · min −2 · max 4 · mean 1`);
  });

  it('an empty tensor has only its shape', () => {
    expect(tensorSummary([0, 3], [])).toBe(formatShape([0, 3]));
  });
});
