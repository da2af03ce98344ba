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

  it('summarises a tensor over the limit by its shape, count, min, max and mean, summed in order', () => {
    const summary = (data: number[]) => {
      let out = '';
      writeValue({ write: (t) => (out += t) }, tensor([data.length], data), 2);
      return JSON.parse(out) as { shape: number[]; elements: number; min: number; max: number; mean: number };
    };
    expect(summary([3, -1, 4, 1, -5, 9, 2])).toEqual({ shape: [7], elements: 7, min: -5, max: 9, mean: 13 / 7 });
    // Every length around the four-element step, the extremes last, first and in the tail.
    for (let n = 3; n <= 9; n++) {
      const data = Array.from({ length: n }, (_, i) => 0.1 * (i + 1));
      data[n - 1] = -7;
      data[0] = 8;
      // The mean of a left-to-right sum: 0.1 + 0.2 + 0.3 is not 0.3 + 0.2 + 0.1 in floating point.
      const sum = data.reduce((s, x) => s + x, 0);
      expect(summary(data)).toEqual({ shape: [n], elements: n, min: -7, max: 8, mean: sum / n });
    }
    expect(summary([0.1, 0.2, 0.3]).mean).toBe((0.1 + 0.2 + 0.3) / 3);
    expect(summary([0.1, 0.2, 0.3]).mean).not.toBe((0.3 + 0.2 + 0.1) / 3);
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
