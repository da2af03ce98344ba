import { describe, expect, it } from 'vitest';
import { formatNumber, formatValue, jsonValue, renderTable } from '../../src/cli/format';
import { tensor } from '../../src/graph/tensor';

describe('formatNumber', () => {
  it.each([
    [-6 * Math.LN2, '-4.15888'],
    [0.1 + 0.2, '0.3'],
    [1 / 3, '0.333333'],
    [100.5, '100.5'],
    [2 / 3, '0.666667'],
    [1.23456789e-7, '1.23457e-7'],
    [123456789.5, '1.23457e+8'],
    [72855552, '72855552'],
    [-0, '0'],
    [Infinity, 'Infinity'],
  ])('%d → %s', (x, text) => {
    expect(formatNumber(x)).toBe(text);
  });
});

describe('formatValue', () => {
  it('shows small tensors in full and elides the rest after three elements', () => {
    expect(formatValue(tensor([2, 3], [1, 2, 3, 4, 5, 6]))).toBe('tensor 2×3 [1, 2, 3, …]');
    expect(formatValue(tensor([2, 2], [1, 0.5, -2, 1 / 3]))).toBe('tensor 2×2 [1, 0.5, -2, 0.333333]');
    expect(formatValue(tensor([], [7]))).toBe('7');
    expect(formatValue(undefined)).toBe('—');
  });

  it('writes tensors as nested arrays for JSON, and nothing as null', () => {
    expect(jsonValue(tensor([2, 1], [1, 2]))).toEqual([[1], [2]]);
    expect(jsonValue(-4.1588830833596715)).toBe(-4.1588830833596715);
    expect(jsonValue(undefined)).toBeNull();
  });
});

describe('renderTable', () => {
  it('pads columns by characters (× counts as one), under a rule, without trailing spaces', () => {
    const text = renderTable(['a', 'shape'], [['long cell', '2×3'], ['x', '']]);
    expect(text.split('\n')).toEqual(['a          shape', '---------  -----', 'long cell  2×3', 'x']);
  });
});
