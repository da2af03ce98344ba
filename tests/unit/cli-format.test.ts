import { describe, expect, it } from 'vitest';
import { formatValue, tableLines } from '../../src/cli/format';
import { formatCli } from '../../src/format/number';
import { writeValue } from '../../src/cli/json';
import { tensor } from '../../src/tensor/tensor';

describe('formatCli', () => {
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
    expect(formatCli(x)).toBe(text);
  });
});

describe('formatValue', () => {
  it('shows small tensors in full and elides the rest after three elements', () => {
    expect(formatValue(tensor([2, 3], [1, 2, 3, 4, 5, 6]))).toBe('tensor 2×3 [1, 2, 3, …]');
    expect(formatValue(tensor([2, 2], [1, 0.5, -2, 1 / 3]))).toBe('tensor 2×2 [1, 0.5, -2, 0.333333]');
    expect(formatValue(tensor([], [7]))).toBe('7');
    expect(formatValue(undefined)).toBe('—');
  });

  it('writes tensors as nested arrays for JSON, row by row, and nothing or a non-finite number as null', () => {
    const text = (v: Parameters<typeof writeValue>[1]) => {
      let out = '';
      writeValue({ write: (t) => (out += t) }, v);
      return out;
    };
    expect(text(tensor([2, 1], [1, 2]))).toBe('[[1],[2]]');
    expect(text(tensor([2, 3, 2], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]))).toBe('[[[1,2],[3,4],[5,6]],[[7,8],[9,10],[11,12]]]');
    expect(text(tensor([1, 2, 1], [0.5, Number.NaN]))).toBe('[[[0.5],[null]]]');
    expect(text(tensor([], [7]))).toBe('7');
    expect(text(-4.1588830833596715)).toBe('-4.1588830833596715');
    expect(text(undefined)).toBe('null');
  });
});

describe('tableLines', () => {
  it('pads columns by characters (× counts as one), under a rule, without trailing spaces', () => {
    const lines = tableLines(
      ['a', 'shape'],
      [
        ['long cell', '2×3'],
        ['x', ''],
      ],
    );
    expect(lines).toEqual(['a          shape', '---------  -----', 'long cell  2×3', 'x']);
  });
});
