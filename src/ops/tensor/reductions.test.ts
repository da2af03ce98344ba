import { describe, expect, it } from 'vitest';
import { tensor, toNested, type Tensor } from '../../tensor/tensor';
import { defaultParams } from '../registry';
import type { Params, TensorOp } from '../types';
import { logsumexp, mean, sum } from './reduce';
import { argmax, argmin, reduceMax, reduceMin } from './reduce-extrema';
import { norm, std, variance } from './reduce-moments';
import { expectGradients, opErrorMessage, randomTensor } from './testkit';

const at = (op: TensorOp, p: Record<string, unknown> = {}): Params => ({ ...defaultParams(op), ...p }) as Params;
const along = (axis: number | number[], keepdim = false) => ({ all: false, axis, keepdim });
const values = (op: TensorOp, x: Tensor, p: Record<string, unknown> = {}) => toNested(op.forward({ x }, at(op, p)));
const ones = (t: Tensor): Tensor => ({ shape: t.shape, data: new Float64Array(t.data.length).fill(1) });
const grad = (op: TensorOp, x: Tensor, p: Record<string, unknown> = {}) => {
  const out = op.forward({ x }, at(op, p));
  return toNested(op.backward({ x }, out, ones(out), at(op, p)).x);
};

// x[0][1] = x[0][2] = 3 tie for row 0's max; x[1][0] = x[1][1] = 2 for row 1's.
const tied = tensor([2, 3], [1, 3, 3, 2, 2, 0]);
const x234 = tensor(
  [2, 3, 4],
  Array.from({ length: 24 }, (_, i) => i),
);

describe('reductions over several axes', () => {
  it('sum and mean over a list of axes, with and without keepdim', () => {
    expect(values(sum, x234, along([0, 2]))).toEqual([60, 92, 124]);
    expect(values(mean, x234, along([-1, 0], true))).toEqual([[[7.5], [11.5], [15.5]]]);
    expect(sum.shape({ x: [2, 3, 4] }, at(sum, along([2, 0])))).toEqual([3]);
  });

  it('refuse an axis named twice', () => {
    expect(opErrorMessage(() => sum.shape({ x: [2, 3, 4] }, at(sum, along([2, -1]))))).toBe(
      'sum axis names dim 2 twice ([2, -1] on a 2×3×4 tensor)',
    );
  });
});

describe('max and min follow torch 1.13 at ties', () => {
  it('over one axis: the value, and the gradient to the index returned (the first of ties)', () => {
    expect(values(reduceMax, tied, along(1))).toEqual([3, 2]);
    expect(grad(reduceMax, tied, along(1))).toEqual([
      [0, 1, 0],
      [1, 0, 0],
    ]);
    expect(values(argmax, tied, along(1))).toEqual([1, 0]);
    expect(values(argmin, tied, along(-1, true))).toEqual([[0], [2]]);
  });

  it('over all or several axes: the gradient split evenly among the ties (torch.max(), torch.amax)', () => {
    expect(values(reduceMax, tied)).toEqual(3);
    expect(grad(reduceMax, tied)).toEqual([
      [0, 0.5, 0.5],
      [0, 0, 0],
    ]);
    expect(grad(reduceMax, tied, along([0, 1]))).toEqual([
      [0, 0.5, 0.5],
      [0, 0, 0],
    ]);
    expect(grad(reduceMin, tensor([2, 2], [0, 1, 0, 0]))).toEqual([
      [1 / 3, 0],
      [1 / 3, 1 / 3],
    ]);
  });

  it('argmax over all is the flat index of the first maximum, and sends no gradient', () => {
    expect(values(argmax, tied)).toEqual(1);
    expect(values(argmax, tied, { keepdim: true })).toEqual([[1]]);
    expect(grad(argmax, tied)).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });
});

describe('logsumexp, var, std and norm: closed forms', () => {
  it('logsumexp does not overflow', () => {
    expect(values(logsumexp, tensor([2], [1000, 1000])) as number).toBeCloseTo(1000 + Math.log(2), 12);
    expect(values(logsumexp, tensor([2, 2], [0, Math.log(3), 1, 1]), along(1))).toEqual([Math.log(4), 1 + Math.log(2)]);
  });

  it('var and std are unbiased by default (n − 1), as torch', () => {
    const v = tensor([4], [1, 2, 3, 4]);
    expect(values(variance, v)).toBeCloseTo(5 / 3, 14);
    expect(values(variance, v, { unbiased: false })).toBeCloseTo(5 / 4, 14);
    expect(values(std, v)).toBeCloseTo(Math.sqrt(5 / 3), 14);
    expect(values(std, tensor([2, 2], [1, 3, 0, 0]), along(1))).toEqual([Math.SQRT2, 0]);
  });

  it('norm with p = 1, 2 and inf, and torch’s gradients at 0 and at ties', () => {
    const v = tensor([3], [3, -4, 0]);
    expect(values(norm, v, { ord: '1' })).toBe(7);
    expect(values(norm, v)).toBe(5);
    expect(values(norm, v, { ord: 'inf' })).toBe(4);
    expect(grad(norm, v)).toEqual([0.6, -0.8, 0]);
    expect(grad(norm, v, { ord: '1' })).toEqual([1, -1, 0]);
    expect(grad(norm, tensor([3], [0, 0, 0]))).toEqual([0, 0, 0]);
    expect(grad(norm, tensor([3], [1, -3, 3]), { ord: 'inf' })).toEqual([0, -0.5, 0.5]);
  });
});

type Case = [op: TensorOp, shape: number[], p: Record<string, unknown>];
const cases: Case[] = [
  [sum, [2, 3, 4], along([0, 2])],
  [mean, [2, 3, 4], along([1, -1], true)],
  [logsumexp, [3, 4], {}],
  [logsumexp, [2, 3, 4], along([0, 2])],
  [logsumexp, [3, 5], along(1, true)],
  [reduceMax, [3, 4], {}],
  [reduceMax, [2, 3, 4], along(1)],
  [reduceMax, [2, 3, 4], along([0, -1], true)],
  [reduceMin, [4, 3], along(0, true)],
  [reduceMin, [2, 3, 4], along([1, 2])],
  [argmax, [3, 4], along(1)],
  [argmin, [3, 4], {}],
  [variance, [3, 4], {}],
  [variance, [2, 3, 4], along([0, 2])],
  [variance, [3, 5], { ...along(1), unbiased: false }],
  [std, [3, 4], {}],
  [std, [2, 3, 4], along([2, 0], true)],
  [std, [4, 3], { ...along(0), unbiased: false }],
  [norm, [3, 4], {}],
  [norm, [2, 3, 4], { ...along([0, 2]), ord: '1' }],
  [norm, [3, 4], { ...along(1, true), ord: 'inf' }],
  [norm, [2, 3, 4], { ...along(-1), ord: '2' }],
];

describe('reductions: gradients against central differences (random inputs: no ties, no zeros)', () => {
  it.each(cases.map(([op, shape, p], i) => [`${op.type} ${JSON.stringify(p)} on ${shape.join('×')}`, op, shape, p, i] as const))(
    '%s',
    (_name, op, shape, p, i) => expectGradients(op, { x: randomTensor(shape, 100 + i) }, at(op, p), ['x']),
  );
});

describe('reductions: costs', () => {
  it('count one operation per input element (two for var and std), no parameters', () => {
    const cost = (op: TensorOp, p: Record<string, unknown> = {}) =>
      op.cost?.({ x: [2, 3, 4] }, op.shape({ x: [2, 3, 4] }, at(op, p)), at(op, p));
    expect(cost(sum, along([0, 2]))).toEqual({ params: 0, macs: 24 });
    expect(cost(reduceMax)).toEqual({ params: 0, macs: 24 });
    expect(cost(norm, along(1))).toEqual({ params: 0, macs: 24 });
    expect(cost(variance)).toEqual({ params: 0, macs: 48 });
  });
});
