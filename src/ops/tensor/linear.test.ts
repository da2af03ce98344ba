import { describe, expect, it } from 'vitest';
import { maxRelDiff } from '../../graph/gradcheck';
import { tensor, type Shape } from '../../tensor/tensor';
import type { Params } from '../types';
import { linear } from './linear';
import { matmul } from './matmul';
import { expectGradients, opErrorMessage, randomTensor } from './testkit';

const random = randomTensor;

const fc = (inFeatures: number, outFeatures: number, bias = true): Params => ({ inFeatures, outFeatures, bias });
const params = (p: Params, x: Shape): number | undefined => linear.cost?.({ x }, linear.shape({ x }, p), p).params;

describe('linear', () => {
  it('P3: y = A x on a minibatch of three points, and dL/dA for the squared error', () => {
    const x = tensor([3, 2], [2, 4, 1, -2, -1, 0]);
    const weight = tensor([1, 2], [3, 2]);
    const p = fc(2, 1, false);
    const y = linear.forward({ x, weight }, p);
    expect([...y.data]).toEqual([14, -1, -3]);
    const target = [15, 3, 1];
    const dy = tensor(
      [3, 1],
      y.data.map((v, i) => v - target[i]),
    );
    expect(0.5 * dy.data.reduce((s, d) => s + d * d, 0)).toBe(16.5);
    expect([...linear.backward({ x, weight }, y, dy, p).weight.data]).toEqual([-2, 4]);
  });

  it('matches X Wᵀ + b for a batch and W x + b for a vector', () => {
    const x = random([5, 7], 1);
    const weight = random([3, 7], 2);
    const bias = random([3], 3);
    const y = linear.forward({ x, weight, bias }, fc(7, 3));
    const want = new Float64Array(15);
    for (let n = 0; n < 5; n++) {
      for (let o = 0; o < 3; o++) {
        let s = bias.data[o];
        for (let i = 0; i < 7; i++) s += weight.data[o * 7 + i] * x.data[n * 7 + i];
        want[n * 3 + o] = s;
      }
    }
    expect(y.shape).toEqual([5, 3]);
    expect(maxRelDiff(y.data, want)).toBeLessThan(1e-12);
    const row = linear.forward({ x: tensor([7], x.data.subarray(7, 14)), weight, bias }, fc(7, 3));
    expect(row.shape).toEqual([3]);
    expect(maxRelDiff(row.data, want.subarray(3, 6))).toBeLessThan(1e-12);
  });

  it('P8: parameter counts of LeNet and VGG classifiers and a 99→7→2 network', () => {
    expect(params(fc(120, 84), [120])).toBe(10164);
    expect(params(fc(84, 10), [84])).toBe(850);
    expect(params(fc(25088, 4096), [25088])).toBe(102764544);
    expect((params(fc(99, 7), [99]) ?? 0) + (params(fc(7, 2), [7]) ?? 0)).toBe(716);
    expect(params(fc(3, 2, false), [3])).toBe(6);
  });

  it('P9: x in R³ and y in R¹⁰ make W 10×3 and b 10 entries; Linear(30,20) maps 30 to 20', () => {
    expect(linear.implicit?.('weight', { x: [3] }, fc(3, 10))?.shape).toEqual([10, 3]);
    expect(linear.implicit?.('bias', { x: [3] }, fc(3, 10))).toEqual({ shape: [10], init: 'uniform', scale: 1 / Math.sqrt(3) });
    expect(linear.implicit?.('bias', { x: [3] }, fc(3, 10, false))).toBeNull();
    expect(linear.shape({ x: [30] }, fc(30, 20))).toEqual([20]);
    expect(linear.shape({ x: [4, 30] }, fc(30, 20))).toEqual([4, 20]);
  });

  it('counts out·in MACs per row', () => {
    expect(linear.cost?.({ x: [8, 30] }, [8, 20], fc(30, 20)).macs).toBe(8 * 600);
  });

  it('describes itself', () => {
    expect(linear.summary?.(fc(120, 84))).toBe('120→84');
    expect(linear.latex(['x', 'W', 'b'], fc(1, 1))).toBe('W x + b');
    expect(linear.text(['x', 'W', 'b'], fc(1, 1))).toBe('linear(x, W, b)');
    expect(Object.keys(linear.rule?.(fc(1, 1, false)) ?? {})).toEqual(['x', 'weight']);
  });
});

describe('matmul', () => {
  it('P3 as a matrix product: (3 2)·x = (14 −1 −3), dA = dC·xᵀ = (−2 4)', () => {
    const a = tensor([1, 2], [3, 2]);
    const b = tensor([2, 3], [2, 1, -1, 4, -2, 0]);
    const c = matmul.forward({ a, b }, {});
    expect([...c.data]).toEqual([14, -1, -3]);
    const grads = matmul.backward({ a, b }, c, tensor([1, 3], [-1, -4, -4]), {});
    expect([...grads.a.data]).toEqual([-2, 4]);
    expect([...grads.b.data]).toEqual([-3, -12, -12, -2, -8, -8]);
  });

  it('treats a leading batch dimension of a as stacked rows', () => {
    const a = random([2, 3, 4], 1);
    const b = random([4, 5], 2);
    const c = matmul.forward({ a, b }, {});
    expect(c.shape).toEqual([2, 3, 5]);
    for (let bi = 0; bi < 2; bi++) {
      const one = matmul.forward({ a: tensor([3, 4], a.data.subarray(bi * 12, bi * 12 + 12)), b }, {});
      expect([...c.data.subarray(bi * 15, bi * 15 + 15)]).toEqual([...one.data]);
    }
    expect(matmul.cost?.({ a: [2, 3, 4], b: [4, 5] }, [2, 3, 5], {})).toEqual({ params: 0, macs: 120 });
  });
});

describe('linear and matmul errors', () => {
  const message = opErrorMessage;

  it('names the feature mismatch with the dims', () => {
    expect(message(() => linear.shape({ x: [] }, fc(4, 2)))).toBe('linear expects [..., 4] (features last), got a scalar');
    expect(message(() => linear.shape({ x: [5] }, fc(3, 2)))).toBe(
      'linear expects 3 input features in the last dim, got 5 of 5 (set inFeatures to 5)',
    );
    expect(message(() => linear.shape({ x: [2, 7, 4] }, fc(3, 2)))).toBe(
      'linear expects 3 input features in the last dim, got 4 of 2×7×4 (set inFeatures to 4)',
    );
    expect(message(() => linear.shape({ x: [3], weight: [3, 2] }, fc(3, 2)))).toBe(
      'linear weight must be 2×3 (outFeatures×inFeatures), got 3×2',
    );
  });

  it('names mismatched inner dimensions and batch dims that do not broadcast', () => {
    expect(message(() => matmul.shape({ a: [2, 3], b: [4, 5] }, {}))).toBe(
      "matmul inner dimensions differ: a is 2×3, b is 4×5 (a's last dim, 3, must equal b's second-to-last dim, 4)",
    );
    expect(message(() => matmul.shape({ a: [2, 3], b: [4] }, {}))).toBe(
      "matmul inner dimensions differ: a is 2×3, b is 4 (a's last dim, 3, must equal b's only dim, 4)",
    );
    expect(message(() => matmul.shape({ a: [2, 3, 4, 5], b: [4, 5, 6] }, {}))).toBe(
      'matmul batch dims do not broadcast: a is 2×3×4×5, b is 4×5×6 (batch dim -1: 3 vs 4; each must be equal or 1)',
    );
    expect(message(() => matmul.shape({ a: [], b: [3] }, {}))).toBe(
      'matmul needs at least one dim on each side (use mul for a scalar): a is scalar, b is 3',
    );
    expect(message(() => matmul.forward({ a: random([2, 2], 1) }, {}))).toBe('matmul needs a tensor on its "b" port');
  });
});

describe("matmul follows torch.matmul's shape rules", () => {
  const shape = (a: Shape, b: Shape) => matmul.shape({ a, b }, {});

  it('1-D operands: a dot product, a vector times a matrix, a matrix times a vector', () => {
    expect(shape([3], [3])).toEqual([]);
    expect([...matmul.forward({ a: tensor([3], [1, 2, 3]), b: tensor([3], [4, 5, 6]) }, {}).data]).toEqual([32]);
    expect(shape([3], [3, 4])).toEqual([4]);
    expect(shape([2, 3], [3])).toEqual([2]);
    expect(shape([5, 2, 3], [3])).toEqual([5, 2]);
    expect(shape([3], [5, 3, 4])).toEqual([5, 4]);
  });

  it('batch dims on both sides, broadcast (attention scores: [N, T, D] @ [N, D, T])', () => {
    expect(shape([4, 7, 16], [4, 16, 7])).toEqual([4, 7, 7]);
    expect(shape([2, 1, 3, 4], [5, 4, 6])).toEqual([2, 5, 3, 6]);
    expect(shape([3, 4], [2, 4, 5])).toEqual([2, 3, 5]);
    expect(matmul.cost?.({ a: [2, 1, 3, 4], b: [5, 4, 6] }, [2, 5, 3, 6], {})).toEqual({ params: 0, macs: 10 * 3 * 4 * 6 });
  });

  it('each batch entry is its own matrix product', () => {
    const a = random([2, 1, 2, 3], 4);
    const b = random([3, 3, 2], 5);
    const c = matmul.forward({ a, b }, {});
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 3; j++) {
        const one = matmul.forward(
          { a: tensor([2, 3], a.data.subarray(i * 6, i * 6 + 6)), b: tensor([3, 2], b.data.subarray(j * 6, j * 6 + 6)) },
          {},
        );
        const at = (i * 3 + j) * 4;
        expect([...c.data.subarray(at, at + 4)]).toEqual([...one.data]);
      }
    }
  });

  it.each([
    [[3], [3]],
    [[3], [3, 4]],
    [[2, 3], [3]],
    [[2, 5, 3], [3]],
    [[3], [2, 3, 4]],
    [
      [4, 2, 3],
      [4, 3, 5],
    ],
    [
      [2, 1, 2, 3],
      [3, 3, 2],
    ],
    [
      [2, 3],
      [4, 3, 2],
    ],
  ])('gradients of %j @ %j against central differences (broadcast batches sum theirs)', (a, b) => {
    expectGradients(matmul, { a: random(a, 6), b: random(b, 7) }, {}, ['a', 'b']);
  });
});

describe('linear on [..., in]', () => {
  it('applies to the last dim of any rank, with gradients against central differences', () => {
    expect(linear.shape({ x: [2, 7, 4] }, fc(4, 3))).toEqual([2, 7, 3]);
    expect(linear.cost?.({ x: [2, 7, 4] }, [2, 7, 3], fc(4, 3))).toEqual({ params: 15, macs: 14 * 12 });
    expectGradients(linear, { x: random([2, 3, 4], 8), weight: random([5, 4], 9), bias: random([5], 10) }, fc(4, 5), [
      'x',
      'weight',
      'bias',
    ]);
  });
});
