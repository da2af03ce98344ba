import { describe, expect, it } from 'vitest';
import { maxRelDiff } from '../../graph/gradcheck';
import { sizeOf, tensor, type Shape, type Tensor } from '../../tensor/tensor';
import type { Params } from '../types';
import { conv2d, convFormula, convOutputSize, samePadding } from './conv';
import { opErrorMessage, randomTensor } from './testkit';

const random = randomTensor;

/** The definition, one output at a time: y[n,o,i,j] = b[o] + Σ w[o,c,u,v]·x[n,c,i·sh−ph+u, j·sw−pw+v]. */
function naiveConv(x: Tensor, w: Tensor, b: Tensor | undefined, s: [number, number], p: [number, number]): Float64Array {
  const [n, cin, h, wd] = x.shape;
  const [cout, , kh, kw] = w.shape;
  const ho = convOutputSize(h, kh, s[0], p[0]);
  const wo = convOutputSize(wd, kw, s[1], p[1]);
  const y = new Float64Array(n * cout * ho * wo);
  let q = 0;
  for (let im = 0; im < n; im++) {
    for (let o = 0; o < cout; o++) {
      for (let i = 0; i < ho; i++) {
        for (let j = 0; j < wo; j++) {
          let sum = b ? b.data[o] : 0;
          for (let c = 0; c < cin; c++) {
            for (let u = 0; u < kh; u++) {
              for (let v = 0; v < kw; v++) {
                const ih = i * s[0] - p[0] + u;
                const iw = j * s[1] - p[1] + v;
                if (ih < 0 || ih >= h || iw < 0 || iw >= wd) continue;
                sum += w.data[((o * cin + c) * kh + u) * kw + v] * x.data[((im * cin + c) * h + ih) * wd + iw];
              }
            }
          }
          y[q++] = sum;
        }
      }
    }
  }
  return y;
}

const alexnet1: Params = { inChannels: 3, outChannels: 64, kernel: 11, stride: 4, padding: 2 };

describe('conv2d values', () => {
  it('P4: the exam convolution by hand (4×3 input, 2×2 kernel, stride 1, no padding)', () => {
    const x = tensor([1, 4, 3], [1, 2, -1, 0, 3, 5, 2, 1, 4, 3, 0, -2]);
    const weight = tensor([1, 1, 2, 2], [-0.5, 1, 1.5, 0]);
    const y = conv2d.forward({ x, weight }, { inChannels: 1, outChannels: 1, kernel: 2, bias: false });
    expect(y.shape).toEqual([1, 3, 2]);
    expect(maxRelDiff(y.data, [1.5, 2.5, 6.0, 5.0, 4.5, 3.5])).toBeLessThan(1e-12);
  });

  const configs: { name: string; x: Shape; cout: number; k: [number, number]; s: [number, number]; p: [number, number] }[] = [
    { name: 'odd sizes, padding', x: [1, 2, 7, 5], cout: 3, k: [3, 3], s: [1, 1], p: [1, 1] },
    { name: 'stride 2, non-square kernel', x: [2, 3, 9, 8], cout: 4, k: [3, 2], s: [2, 2], p: [1, 0] },
    { name: 'uneven stride and padding, floored output', x: [1, 2, 10, 11], cout: 5, k: [4, 3], s: [3, 2], p: [2, 1] },
    { name: '1×1 kernel (pointwise)', x: [3, 4, 5, 6], cout: 7, k: [1, 1], s: [1, 1], p: [0, 0] },
    { name: 'a band split (large channel count)', x: [1, 64, 20, 20], cout: 3, k: [5, 5], s: [1, 1], p: [2, 2] },
  ];
  for (const { name, x: xs, cout, k, s, p } of configs) {
    it(`matches the definition: ${name}`, () => {
      const x = random(xs, 1);
      const weight = random([cout, xs[1], k[0], k[1]], 2);
      const bias = random([cout], 3);
      const params = { inChannels: xs[1], outChannels: cout, kernel: k, stride: s, padding: p };
      const y = conv2d.forward({ x, weight, bias }, params);
      expect(y.shape).toEqual(conv2d.shape({ x: xs }, params));
      expect(maxRelDiff(y.data, naiveConv(x, weight, bias, s, p))).toBeLessThan(1e-12);
    });
  }

  it('P12: dL/dX[1,2] collects six W·dY products (16×16 input, 3×3 kernel, stride 1, pad 1)', () => {
    const x = random([1, 16, 16], 4);
    const weight = random([1, 1, 3, 3], 5);
    const dy = random([1, 16, 16], 6);
    const params = { kernel: 3, padding: 1, bias: false };
    const out = conv2d.forward({ x, weight }, params);
    const dx = conv2d.backward({ x, weight }, out, dy, params).x;
    const W = (r: number, c: number) => weight.data[(r - 1) * 3 + (c - 1)];
    const dY = (r: number, c: number) => dy.data[(r - 1) * 16 + (c - 1)];
    const want =
      W(2, 2) * dY(1, 2) + W(2, 3) * dY(1, 1) + W(2, 1) * dY(1, 3) + W(1, 2) * dY(2, 2) + W(1, 3) * dY(2, 1) + W(1, 1) * dY(2, 3);
    expect(dx.data[1]).toBeCloseTo(want, 12);
  });
});

describe('conv2d shapes and costs', () => {
  it('P6: AlexNet conv1 is 64×56×56 with 23,296 params and 72,855,552 MACs (784 KB of float32)', () => {
    const out = conv2d.shape({ x: [3, 227, 227] }, alexnet1);
    expect(out).toEqual([64, 56, 56]);
    expect(conv2d.cost?.({ x: [3, 227, 227] }, out, alexnet1)).toEqual({ params: 23296, macs: 72855552 });
    expect((sizeOf(out) * 4) / 1024).toBe(784);
    expect(conv2d.shape({ x: [2, 3, 227, 227] }, alexnet1)).toEqual([2, 64, 56, 56]);
    expect(conv2d.cost?.({ x: [2, 3, 227, 227] }, [2, 64, 56, 56], alexnet1).macs).toBe(2 * 72855552);
  });

  it('P7: 7×7 input, 3×3 filter, pad 2, stride 2 gives 5×5; a 5×5 filter keeps 7×7 with pad 2', () => {
    expect(convOutputSize(7, 3, 2, 2)).toBe(5);
    expect(convFormula({ kernel: 3, stride: 2, padding: 2 }, [1, 7, 7])).toBe('H_out = ⌊(7 + 2·2 − 3)/2⌋ + 1 = 5');
    expect(conv2d.shape({ x: [1, 7, 7] }, { kernel: 3, stride: 2, padding: 2 })).toEqual([1, 5, 5]);
    expect(samePadding(5)).toBe(2);
    expect(convOutputSize(7, 5, 1, 2)).toBe(7);
    expect(convFormula({ kernel: 5, padding: 2 }, [1, 7, 7])).toBe('H_out = ⌊(7 + 2·2 − 5)/1⌋ + 1 = 7');
  });

  it('writes both axes of the formula when they differ', () => {
    expect(convFormula({ kernel: [3, 1], stride: 1, padding: 0 }, [2, 1, 6, 4])).toBe(
      'H_out = ⌊(6 + 2·0 − 3)/1⌋ + 1 = 4; W_out = ⌊(4 + 2·0 − 1)/1⌋ + 1 = 4',
    );
  });

  it('same padding keeps ⌈n/s⌉ for odd kernels at any stride and does not exist for even ones', () => {
    for (const k of [1, 3, 5, 7, 11]) {
      for (const s of [1, 2, 3, 4]) {
        for (let n = k; n < 40; n++) expect(convOutputSize(n, k, s, samePadding(k, s) ?? NaN)).toBe(Math.ceil(n / s));
      }
    }
    expect(samePadding(4)).toBeNull();
    expect(samePadding(3, 0)).toBeNull();
  });

  it('P8: parameter counts of LeNet and VGG-style convolutions', () => {
    const params = (cin: number, cout: number, k: number, x: Shape) =>
      conv2d.cost?.({ x }, conv2d.shape({ x }, { inChannels: cin, outChannels: cout, kernel: k }), {
        inChannels: cin,
        outChannels: cout,
        kernel: k,
      }).params;
    expect(params(1, 6, 5, [1, 32, 32])).toBe(156);
    expect(params(6, 16, 5, [6, 14, 14])).toBe(2416);
    expect(params(16, 120, 5, [16, 5, 5])).toBe(48120);
    expect(params(3, 64, 3, [3, 32, 32])).toBe(1792);
    expect(params(64, 128, 3, [64, 32, 32])).toBe(73856);
    expect(conv2d.cost?.({ x: [1, 8, 8] }, [1, 6, 6], { bias: false }).params).toBe(9);
  });

  it('floors when the stride does not divide the span, as PyTorch', () => {
    expect(conv2d.shape({ x: [1, 8, 8] }, { kernel: 3, stride: 2 })).toEqual([1, 3, 3]);
  });
});

describe('conv2d parameter ports', () => {
  it('materializes the weight and a PyTorch-style bias when unconnected', () => {
    expect(conv2d.implicit?.('weight', { x: [3, 227, 227] }, alexnet1)).toEqual({ shape: [64, 3, 11, 11], init: 'kaimingUniform' });
    expect(conv2d.implicit?.('bias', { x: [3, 227, 227] }, alexnet1)).toEqual({ shape: [64], init: 'uniform', scale: 1 / Math.sqrt(363) });
    expect(conv2d.implicit?.('bias', {}, { ...alexnet1, bias: false })).toBeNull();
    expect(conv2d.implicit?.('weight', {}, { ...alexnet1, init: 'xavierNormal' })?.init).toBe('xavierNormal');
    expect(conv2d.implicit?.('bias', {}, { ...alexnet1, init: 'zeros' })).toEqual({ shape: [64], init: 'zeros' });
  });

  it('marks weight and bias as parameter ports', () => {
    expect(conv2d.inputs.map((p) => [p.name, p.param ?? false])).toEqual([
      ['x', false],
      ['weight', true],
      ['bias', true],
    ]);
  });

  it('describes itself: summary, text, LaTeX and rules', () => {
    expect(conv2d.summary?.(alexnet1)).toBe('64@11×11 /4 p2');
    expect(conv2d.summary?.({ kernel: [3, 5], stride: [1, 2], padding: 0 })).toBe('1@3×5 /1×2');
    expect(conv2d.symbol({})).toBe('conv');
    expect(conv2d.text(['x', 'W', 'b'], alexnet1)).toBe('conv2d(x, W, b, stride=4, padding=2)');
    expect(conv2d.latex(['x', 'W', 'b'], {})).toBe('W \\star x + b');
    expect(conv2d.latex(['x', 'W'], { bias: false })).toBe('W \\star x');
    expect(Object.keys(conv2d.rule?.({ bias: false }) ?? {})).toEqual(['x', 'weight']);
  });
});

describe('conv2d errors', () => {
  const error = opErrorMessage;

  it('names the wrong rank', () => {
    expect(error(() => conv2d.shape({ x: [2, 3] }, {}))).toBe('conv2d expects C×H×W or N×C×H×W, got 2×3');
    expect(error(() => conv2d.forward({ x: random([2, 3], 1), weight: random([1, 1, 3, 3], 2) }, { bias: false }))).toContain('got 2×3');
  });

  it('names the channel mismatch and the parameter to change', () => {
    expect(error(() => conv2d.shape({ x: [1, 32, 32] }, { inChannels: 3 }))).toBe(
      'conv2d expects 3 input channels, got 1 (set inChannels to 1)',
    );
  });

  it('refuses a kernel larger than the padded input', () => {
    expect(error(() => conv2d.shape({ x: [1, 5, 5] }, { kernel: 11 }))).toBe(
      'kernel 11×11 is larger than the padded input 5×5 (use a smaller kernel or more padding)',
    );
    expect(conv2d.shape({ x: [1, 5, 5] }, { kernel: 11, padding: 3 })).toEqual([1, 1, 1]);
  });

  it('checks connected weight and bias against the parameters', () => {
    expect(error(() => conv2d.shape({ x: [3, 8, 8], weight: [4, 1, 3, 3] }, { inChannels: 3, outChannels: 4 }))).toBe(
      'conv2d weight must be 4×3×3×3 (outChannels×inChannels/groups×kh×kw), got 4×1×3×3',
    );
    expect(error(() => conv2d.shape({ x: [3, 8, 8], bias: [5] }, { inChannels: 3, outChannels: 4 }))).toBe(
      'conv2d bias must be 4 (outChannels), got 5',
    );
    expect(error(() => conv2d.shape({ x: [1, 8, 8], bias: [1] }, { bias: false }))).toBe(
      'conv2d has a bias connected but bias is off (set bias to true)',
    );
    expect(error(() => conv2d.forward({ x: random([1, 4, 4], 1) }, {}))).toBe('conv2d needs a tensor on its "weight" port');
  });

  it('rejects malformed window parameters', () => {
    expect(error(() => conv2d.shape({ x: [1, 8, 8] }, { kernel: 0 }))).toBe('kernel must be a positive integer or [h, w], got 0');
    expect(error(() => conv2d.shape({ x: [1, 8, 8] }, { stride: [1, 2, 3] }))).toBe(
      'stride must be a positive integer or [h, w], got [1,2,3]',
    );
    expect(error(() => conv2d.shape({ x: [1, 8, 8] }, { padding: -1 }))).toBe('padding must be a non-negative integer or [h, w], got -1');
    expect(error(() => conv2d.shape({ x: [1, 8, 8] }, { outChannels: 0 }))).toBe('outChannels must be an integer ≥ 1, got 0');
    expect(error(() => conv2d.implicit?.('weight', {}, { init: 'glorot' }))).toContain('init must be one of');
  });
});
