import { describe, expect, it } from 'vitest';
import { maxRelDiff } from '../../graph/gradcheck';
import { tensor } from '../../tensor/tensor';
import { poolOutputSize } from './kernels/window';
import { adaptiveAvgPool2d, adaptiveMaxPool2d, avgPool2d, globalAvgPool2d, maxPool2d, maxPoolWinners } from './pool';
import { conv2d } from './conv';
import { expectRandomGradients, opErrorMessage } from './testkit';

/** The 4×5 image the torch answers below were computed on, with repeated values for ties. */
const image = tensor([1, 1, 4, 5], [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4]);

describe('pool options: values and winners from torch 1.13', () => {
  it('max pool, dilation 2', () => {
    const p = { kernel: 2, stride: 1, dilation: 2 };
    expect([...maxPool2d.forward({ x: image }, p).data]).toEqual([9, 8, 9, 9, 8, 6]);
    expect([...maxPoolWinners('maxPool2d', image, p)]).toEqual([12, 11, 12, 5, 18, 7]);
  });

  it('max pool, ceil mode with padding: the last window starts inside the input', () => {
    const p = { kernel: 3, stride: 2, padding: 1, ceilMode: true };
    expect(maxPool2d.shape({ x: [1, 1, 4, 5] }, p)).toEqual([1, 1, 3, 3]);
    expect([...maxPool2d.forward({ x: image }, p).data]).toEqual([9, 6, 5, 9, 9, 9, 3, 8, 8]);
    expect([...maxPoolWinners('maxPool2d', image, p)]).toEqual([5, 7, 4, 5, 12, 14, 15, 18, 18]);
  });

  it('average pool, ceil mode, padding not counted', () => {
    const y = avgPool2d.forward({ x: image }, { kernel: 3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false });
    const torch = [3.75, 19 / 6, 3.5, 29 / 6, 50 / 9, 6, 2.5, 13 / 3, 6];
    expect(maxRelDiff(y.data, torch)).toBeLessThan(1e-12);
  });

  it('average pool, ceil mode, padding counted: a window past the padding is not divided by its overhang', () => {
    const ones = tensor([1, 1, 5, 5], new Array<number>(25).fill(1));
    const y3 = avgPool2d.forward({ x: ones }, { kernel: 3, stride: 2, padding: 1, ceilMode: true });
    expect(maxRelDiff(y3.data, [4 / 9, 6 / 9, 4 / 9, 6 / 9, 1, 6 / 9, 4 / 9, 6 / 9, 4 / 9])).toBeLessThan(1e-12);
    const y2 = avgPool2d.forward({ x: ones }, { kernel: 2, stride: 2, padding: 1, ceilMode: true });
    expect(maxRelDiff(y2.data, [0.25, 0.5, 0.5, 0.5, 1, 1, 0.5, 1, 1])).toBeLessThan(1e-12);
  });

  it('adaptive pools use PyTorch’s overlapping windows', () => {
    const row = tensor([1, 1, 1, 7], [1, 2, 3, 4, 5, 6, 7]);
    expect([...adaptiveAvgPool2d.forward({ x: row }, { outputSize: [1, 3] }).data]).toEqual([2, 4, 6]);
    const p = { outputSize: [3, 2] };
    expect([...adaptiveMaxPool2d.forward({ x: image }, p).data]).toEqual([9, 6, 9, 9, 9, 9]);
    expect([...maxPoolWinners('adaptiveMaxPool2d', image, p)]).toEqual([5, 7, 5, 12, 12, 12]);
  });

  it('global average pooling keeps a 1×1 plane per channel', () => {
    const y = globalAvgPool2d.forward({ x: image }, {});
    expect(y.shape).toEqual([1, 1, 1, 1]);
    expect(y.data[0]).toBeCloseTo(97 / 20, 14);
    expect(globalAvgPool2d.shape({ x: [64, 7, 7] }, {})).toEqual([64, 1, 1]);
    expect(globalAvgPool2d.cost?.({ x: [2, 512, 7, 7] }, [2, 512, 1, 1], {})).toEqual({ params: 0, macs: 2 * 512 * 49 });
  });
});

describe('pool output sizes', () => {
  it('ceil mode rounds up but drops a window that would start in the right padding', () => {
    expect(poolOutputSize(5, 2, 2, 0, 1, true)).toBe(3);
    expect(poolOutputSize(5, 2, 2, 0, 1, false)).toBe(2);
    // Torch's answers; at n = 5, k = 3, s = 3, p = 1 the third window would start at 2·3 − 1 = 5 = n: dropped.
    expect(poolOutputSize(6, 2, 2, 1, 1, true)).toBe(4);
    expect(poolOutputSize(4, 2, 2, 1, 1, true)).toBe(3);
    expect(poolOutputSize(5, 3, 3, 1, 1, true)).toBe(2);
  });
  it('counts cells read as an adaptive pool’s MACs', () => {
    // Windows along 7 → 3: [0,3), [2,5), [4,7): 9 cells; along 1 → 1: 1 cell.
    expect(adaptiveAvgPool2d.cost?.({ x: [1, 1, 7] }, [1, 1, 3], { outputSize: [1, 3] })).toEqual({ params: 0, macs: 9 });
  });
});

describe('pool option gradients against central differences', () => {
  const cases: [string, typeof maxPool2d, number[], Record<string, unknown>][] = [
    ['max, dilation [2, 1], padding 1', maxPool2d, [2, 7, 6], { kernel: 3, stride: 2, padding: 1, dilation: [2, 1] }],
    ['max, ceil mode', maxPool2d, [1, 2, 7, 7], { kernel: 2, ceilMode: true }],
    ['avg, ceil mode, padding counted', avgPool2d, [2, 5, 5], { kernel: 3, stride: 2, padding: 1, ceilMode: true }],
    [
      'avg, ceil mode, padding not counted',
      avgPool2d,
      [2, 5, 6],
      { kernel: [3, 2], stride: 2, padding: 1, ceilMode: true, countIncludePad: false },
    ],
    ['adaptive avg 5×7 → 3×4', adaptiveAvgPool2d, [2, 5, 7], { outputSize: [3, 4] }],
    ['adaptive max 5×7 → 2×3, batched', adaptiveMaxPool2d, [2, 1, 5, 7], { outputSize: [2, 3] }],
    ['global average', globalAvgPool2d, [2, 3, 4, 5], {}],
  ];
  for (const [name, op, x, params] of cases) it(name, () => expectRandomGradients(op, { x }, params as never));
});

describe('pool option errors', () => {
  it('names a bad flag and a bad target size', () => {
    expect(opErrorMessage(() => maxPool2d.shape({ x: [1, 4, 4] }, { ceilMode: 1 }))).toBe('ceilMode must be true or false, got 1');
    expect(opErrorMessage(() => adaptiveAvgPool2d.shape({ x: [1, 4, 4] }, { outputSize: 0 }))).toBe(
      'outputSize must be a positive integer or [h, w], got 0',
    );
    expect(opErrorMessage(() => maxPoolWinners('avgPool2d', image, {}))).toBe('avgPool2d is not a max pool');
  });
  it('names a dilated max-pool window larger than the padded input', () => {
    expect(opErrorMessage(() => maxPool2d.shape({ x: [1, 4, 4] }, { kernel: 2, dilation: 4 }))).toBe(
      'dilated kernel 5×5 is larger than the padded input 4×4 (use a smaller kernel or more padding)',
    );
  });
});

describe('pool shapes and costs of huge inputs', () => {
  it('are computed without building the windows', () => {
    expect(maxPool2d.shape({ x: [1, 1e300, 4] }, { kernel: 2 })).toEqual([1, 5e299, 2]);
    expect(adaptiveAvgPool2d.cost?.({ x: [1, 1e12, 1e12] }, [1, 3, 3], { outputSize: 3 })?.macs).toBe((1e12 + 2) ** 2);
    expect(conv2d.shape({ x: [1, 4, 4] }, { padding: 1e12, paddingMode: 'replicate' })).toEqual([1, 2e12 + 2, 2e12 + 2]);
  });
});
