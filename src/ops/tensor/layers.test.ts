import { describe, expect, it } from 'vitest';
import type { Shape } from '../../tensor/tensor';
import { OPS } from '../registry';
import type { Params, TensorOp } from '../types';
import { conv2d } from './conv';
import { linear } from './linear';
import { matmul } from './matmul';
import { avgPool2d, maxPool2d } from './pool';
import { expectRandomGradients } from './testkit';

interface GradCase {
  op: TensorOp;
  name: string;
  shapes: Record<string, Shape>;
  params: Params;
}

const conv = (name: string, x: Shape, cout: number, kernel: number[], stride: number[], padding: number[], bias = true): GradCase => ({
  op: conv2d,
  name,
  shapes: {
    x,
    weight: [cout, x[x.length - 3], kernel[0], kernel[1]],
    ...(bias && { bias: [cout] }),
  },
  params: { inChannels: x[x.length - 3], outChannels: cout, kernel, stride, padding, bias },
});

const cases: GradCase[] = [
  conv('3×3, stride 1, no padding', [1, 5, 5], 2, [3, 3], [1, 1], [0, 0]),
  conv('odd sizes, padding 1', [2, 7, 6], 3, [3, 3], [1, 1], [1, 1]),
  conv('stride 2, padding 2', [2, 9, 7], 2, [3, 3], [2, 2], [2, 2]),
  conv('non-square kernel, uneven stride, batch 2', [2, 2, 8, 9], 3, [2, 4], [3, 2], [1, 2]),
  conv('1×1 kernel, batch 3', [3, 4, 3, 5], 2, [1, 1], [1, 1], [0, 0]),
  conv('no bias, stride not dividing the span', [1, 8, 8], 2, [3, 3], [2, 2], [0, 0], false),
  { op: maxPool2d, name: '2×2 /2', shapes: { x: [2, 6, 6] }, params: { kernel: 2 } },
  { op: maxPool2d, name: '3×3 /2 p1, batch 2, odd size', shapes: { x: [2, 2, 7, 5] }, params: { kernel: 3, stride: 2, padding: 1 } },
  { op: maxPool2d, name: 'non-square 2×3 /1', shapes: { x: [1, 5, 6] }, params: { kernel: [2, 3], stride: 1 } },
  { op: avgPool2d, name: '2×2 /2', shapes: { x: [2, 6, 6] }, params: { kernel: 2 } },
  { op: avgPool2d, name: '3×3 /2 p1, batch 2, odd size', shapes: { x: [2, 2, 7, 5] }, params: { kernel: 3, stride: 2, padding: 1 } },
  { op: avgPool2d, name: 'overlapping 3×2 /1 p[1, 0]', shapes: { x: [1, 5, 4] }, params: { kernel: [3, 2], stride: 1, padding: [1, 0] } },
  { op: linear, name: 'a vector', shapes: { x: [5], weight: [3, 5], bias: [3] }, params: { inFeatures: 5, outFeatures: 3 } },
  {
    op: linear,
    name: 'a batch of 4, no bias',
    shapes: { x: [4, 6], weight: [7, 6] },
    params: { inFeatures: 6, outFeatures: 7, bias: false },
  },
  { op: linear, name: 'a batch of 3', shapes: { x: [3, 5], weight: [2, 5], bias: [2] }, params: { inFeatures: 5, outFeatures: 2 } },
  { op: matmul, name: '3×4 by 4×5', shapes: { a: [3, 4], b: [4, 5] }, params: {} },
  { op: matmul, name: 'batched 2×3×2 by 2×7', shapes: { a: [2, 3, 2], b: [2, 7] }, params: {} },
];

describe('every layer op: shape rule and gradients against central differences', () => {
  for (const { op, name, shapes, params } of cases) {
    it(`${op.type}, ${name}`, () => expectRandomGradients(op, shapes, params));
  }
});

describe('the layer registry', () => {
  it('lists conv, pooling, linear and matmul as tensor ops of the Tensor group', () => {
    for (const op of [conv2d, maxPool2d, avgPool2d, linear, matmul]) {
      expect(OPS).toContain(op);
      expect(op.kind).toBe('tensor');
      expect(op.group).toBe('Tensor');
      expect(op.symbol({}).length).toBeGreaterThan(0);
      const args = op.inputs.map((p) => p.name);
      expect(op.text(args, {})).toContain(args[0]);
      expect(op.latex(args, {})).toContain(args[0]);
      if (op.inputs.some((p) => p.param)) expect(op.implicit).toBeDefined();
    }
  });

  it('P8: LeNet-5 has 61,706 parameters, counted layer by layer through the shapes', () => {
    const stack: [TensorOp, Params][] = [
      [conv2d, { inChannels: 1, outChannels: 6, kernel: 5 }],
      [maxPool2d, { kernel: 2 }],
      [conv2d, { inChannels: 6, outChannels: 16, kernel: 5 }],
      [maxPool2d, { kernel: 2 }],
      [conv2d, { inChannels: 16, outChannels: 120, kernel: 5 }],
    ];
    let x: Shape = [1, 32, 32];
    let total = 0;
    for (const [op, p] of stack) {
      const out = op.shape({ x }, p);
      total += op.cost?.({ x }, out, p).params ?? 0;
      x = out;
    }
    expect(x).toEqual([120, 1, 1]);
    for (const p of [
      { inFeatures: 120, outFeatures: 84 },
      { inFeatures: 84, outFeatures: 10 },
    ]) {
      const features: Shape = [p.inFeatures];
      total += linear.cost?.({ x: features }, linear.shape({ x: features }, p), p).params ?? 0;
    }
    expect(total).toBe(61706);
  });

  it('P9: the segmentation exam net on 1×9×9 keeps the stated shapes up to the flatten', () => {
    const steps: [TensorOp, Params, Shape][] = [
      [conv2d, { inChannels: 1, outChannels: 10, kernel: 3, padding: 1 }, [10, 9, 9]],
      [maxPool2d, { kernel: 3, stride: 3 }, [10, 3, 3]],
      [conv2d, { inChannels: 10, outChannels: 30, kernel: 3, padding: 1 }, [30, 3, 3]],
      [maxPool2d, { kernel: 3, stride: 1 }, [30, 1, 1]],
    ];
    let x: Shape = [1, 9, 9];
    for (const [op, p, want] of steps) {
      x = op.shape({ x }, p);
      expect(x).toEqual(want);
    }
    expect(linear.shape({ x: [30] }, { inFeatures: 30, outFeatures: 20 })).toEqual([20]);
    expect(linear.shape({ x: [20] }, { inFeatures: 20, outFeatures: 10 })).toEqual([10]);
  });

  it('P9: the VGG-style stack on 3×320×320', () => {
    let x: Shape = [3, 320, 320];
    x = conv2d.shape({ x }, { inChannels: 3, outChannels: 64, kernel: 3, stride: 1, padding: 1 });
    expect(x).toEqual([64, 320, 320]);
    x = maxPool2d.shape({ x }, { kernel: 2, stride: 2 });
    expect(x).toEqual([64, 160, 160]);
    x = conv2d.shape({ x }, { inChannels: 64, outChannels: 128, kernel: 3, stride: 1, padding: 1 });
    expect(x).toEqual([128, 160, 160]);
    expect(conv2d.shape({ x: [256, 40, 40] }, { inChannels: 256, outChannels: 512, kernel: 3, padding: 1 })).toEqual([512, 40, 40]);
  });
});
