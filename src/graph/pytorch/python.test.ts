import { describe, expect, it } from 'vitest';
import { tensor } from '../tensor';
import { Names, pyComment, pyCommentBlock, pyFloat, pyInts, pyNested, pyTensor } from './python';

describe('Python literals', () => {
  it('writes floats Python reads back to the same double, never as ints', () => {
    expect([3, -2.5, 0.1, 1e-7, 1e21, -0, 4.1588830833596715].map(pyFloat)).toEqual(['3.0', '-2.5', '0.1', '1e-7', '1e+21', '-0.0', '4.1588830833596715']);
    expect(() => pyFloat(NaN)).toThrow(/NaN/);
  });

  it('writes integer tuples, the one-element one with its comma', () => {
    expect([pyInts([]), pyInts([5]), pyInts([3, 3])]).toEqual(['()', '(5,)', '(3, 3)']);
  });

  it('writes tensors as nested lists in row-major order, in float64', () => {
    expect(pyNested(tensor([2, 3], [1, 2, 3, 4, 5, 6]))).toBe('[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]');
    expect(pyTensor(tensor([], [2]), true)).toBe('torch.tensor(2.0, dtype=torch.float64, requires_grad=True)');
    expect(pyTensor(tensor([0], []), false)).toBe('torch.tensor([], dtype=torch.float64)');
  });

  it('breaks a long tensor into one row per line, and fills a long vector into lines', () => {
    const m = pyNested(tensor([16, 16], Array.from({ length: 256 }, (_, i) => i % 7)));
    expect(m.split('\n')).toHaveLength(18);
    expect(m.split('\n')[1]).toBe(`    [${Array.from({ length: 16 }, (_, i) => `${i % 7}.0`).join(', ')}],`);
    const v = pyNested(tensor([200], Array.from({ length: 200 }, () => 0.5)));
    const lines = v.split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(100);
    // The literal still holds every number once.
    expect(v.match(/0\.5/g)).toHaveLength(200);
  });

  it('keeps comments on one line each', () => {
    expect(pyComment('a\nb')).toBe('# a b');
    const block = pyCommentBlock('word '.repeat(60), 40);
    expect(block.every((l) => l.startsWith('# ') && l.length <= 40)).toBe(true);
  });
});

describe('Names', () => {
  it('turns ids into distinct identifiers that shadow no keyword, builtin or helper', () => {
    const names = new Names();
    names.reserve('check');
    const got = ['x', 'conv-1', '1st', 'max', 'sum', 'class', 'check', 'a b', 'a_b', '∂', 'x'].map((id) => names.take(id));
    expect(got).toEqual(['x', 'conv_1', 'n1st', 'max_', 'sum_', 'class_', 'check_', 'a_b', 'a_b2', 'node', 'x2']);
  });
});
