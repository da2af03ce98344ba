import { describe, expect, it } from 'vitest';
import { tensor, type Shape } from '../../tensor/tensor';
import { avgPool2d, maxPool2d } from './pool';
import { opErrorMessage } from './testkit';

const p5 = tensor([1, 4, 4], [1, 4, 3, 2, 7, 8, 1, 2, 1, 0, 7, 3, 2, 1, 5, 1]);
const twoByTwo = { kernel: 2, stride: 2, padding: 0 };

describe('pooling values', () => {
  it('P5: average pooling 2×2 /2 by hand', () => {
    expect([...avgPool2d.forward({ x: p5 }, twoByTwo).data]).toEqual([5, 2, 1, 4]);
  });

  it('P5: max pooling of the same input', () => {
    const y = maxPool2d.forward({ x: p5 }, twoByTwo);
    expect(y.shape).toEqual([1, 2, 2]);
    expect([...y.data]).toEqual([8, 3, 2, 7]);
  });

  it('max pooling sends each window gradient only to its max', () => {
    const out = maxPool2d.forward({ x: p5 }, twoByTwo);
    const dx = maxPool2d.backward({ x: p5 }, out, tensor([1, 2, 2], [10, 20, 30, 40]), twoByTwo).x;
    expect([...dx.data]).toEqual([0, 0, 20, 0, 0, 10, 0, 0, 0, 0, 40, 0, 30, 0, 0, 0]);
  });

  it('average pooling splits each window gradient equally', () => {
    const out = avgPool2d.forward({ x: p5 }, twoByTwo);
    const dx = avgPool2d.backward({ x: p5 }, out, tensor([1, 2, 2], [4, 8, 12, 16]), twoByTwo).x;
    expect([...dx.data]).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
  });

  it('breaks ties toward the first max and propagates NaN, as PyTorch', () => {
    const x = tensor([1, 2, 2], [1, 3, 3, 2]);
    const out = maxPool2d.forward({ x }, { kernel: 2 });
    expect([...maxPool2d.backward({ x }, out, tensor([1, 1, 1], [1]), { kernel: 2 }).x.data]).toEqual([0, 1, 0, 0]);
    expect(maxPool2d.forward({ x: tensor([1, 2, 2], [1, NaN, 3, 2]) }, { kernel: 2 }).data[0]).toBeNaN();
  });

  it('treats padding as −∞ for max and as zeros for the average', () => {
    const x = tensor([1, 2, 2], [-1, -2, -3, -4]);
    const params = { kernel: 2, stride: 1, padding: 1 };
    expect([...maxPool2d.forward({ x }, params).data]).toEqual([-1, -1, -2, -1, -1, -2, -3, -3, -4]);
    expect([...avgPool2d.forward({ x: tensor([1, 2, 2], [1, 1, 1, 1]) }, params).data]).toEqual([
      0.25, 0.5, 0.25, 0.5, 1, 0.5, 0.25, 0.5, 0.25,
    ]);
  });

  it('pools every plane of a batch on its own', () => {
    const x = tensor([2, 2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8, -1, -2, -3, -4, 0, 9, 0, 0]);
    expect([...maxPool2d.forward({ x }, { kernel: 2 }).data]).toEqual([4, 8, -1, 9]);
    expect(maxPool2d.shape({ x: [2, 2, 2, 2] }, { kernel: 2 })).toEqual([2, 2, 1, 1]);
  });
});

describe('pooling shapes, costs and text', () => {
  it('defaults the stride to the kernel', () => {
    expect(maxPool2d.shape({ x: [1, 4, 4] }, { kernel: 2, stride: [] })).toEqual([1, 2, 2]);
    expect(maxPool2d.shape({ x: [1, 4, 4] }, { kernel: 2, stride: 1 })).toEqual([1, 3, 3]);
  });

  it('P9: the exam stacks downsample as stated', () => {
    const shape = (x: Shape, kernel: number, stride: number) => maxPool2d.shape({ x }, { kernel, stride });
    expect(shape([64, 320, 320], 2, 2)).toEqual([64, 160, 160]);
    expect(shape([512, 40, 40], 2, 2)).toEqual([512, 20, 20]);
    expect(shape([10, 9, 9], 3, 3)).toEqual([10, 3, 3]);
    expect(shape([30, 3, 3], 3, 1)).toEqual([30, 1, 1]);
  });

  it('counts no parameters and output cells × window size', () => {
    expect(maxPool2d.cost?.({ x: [1, 4, 4] }, [1, 2, 2], twoByTwo)).toEqual({ params: 0, macs: 16 });
    expect(avgPool2d.cost?.({ x: [2, 3, 9, 9] }, [2, 3, 3, 3], { kernel: 3 })).toEqual({ params: 0, macs: 2 * 3 * 9 * 9 });
  });

  it('summarises the window', () => {
    expect(maxPool2d.summary?.({ kernel: 2, stride: [] })).toBe('2×2 /2');
    expect(avgPool2d.summary?.({ kernel: 3, stride: 1, padding: 1 })).toBe('3×3 p1');
    expect(maxPool2d.text(['x'], { kernel: 2 })).toBe('maxpool(x, 2×2 /2)');
    expect(Object.keys(avgPool2d.rule?.({}) ?? {})).toEqual(['x']);
  });
});

describe('pooling errors', () => {
  const message = opErrorMessage;

  it('names the wrong rank', () => {
    expect(message(() => maxPool2d.shape({ x: [4, 4] }, {}))).toBe('maxPool2d expects C×H×W or N×C×H×W, got 4×4');
    expect(message(() => avgPool2d.forward({ x: tensor([4], [1, 2, 3, 4]) }, {}))).toBe('avgPool2d expects C×H×W or N×C×H×W, got 4');
  });

  it('refuses a kernel larger than the padded input', () => {
    expect(message(() => maxPool2d.shape({ x: [1, 2, 2] }, { kernel: 3 }))).toBe(
      'kernel 3×3 is larger than the padded input 2×2 (use a smaller kernel or more padding)',
    );
  });

  it('refuses padding over half the kernel, where a window could see only padding', () => {
    expect(message(() => maxPool2d.shape({ x: [1, 4, 4] }, { kernel: 2, padding: 2 }))).toBe(
      'padding 2×2 must be at most half the kernel 2×2 (lower padding)',
    );
  });
});
