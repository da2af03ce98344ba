import { conv2d } from '../../ops/tensor/conv';
import { window2d } from '../../ops/tensor/kernels/window';
import { randomTensor } from '../../ops/tensor/testkit';
import type { Params } from '../../ops/types';
import { argmaxIn, inputGradTerms, outputCellTerms, outputDims, sumTerms, termText, windowOf, type CellGeometry } from './conv-cells';

const geometry = (
  cin: number,
  cout: number,
  h: number,
  w: number,
  k: [number, number],
  s: [number, number],
  p: [number, number],
): CellGeometry => ({
  cin,
  cout,
  h,
  w,
  win: window2d({ kh: k[0], kw: k[1], sh: s[0], sw: s[1], ph: p[0], pw: p[1] }),
});

const paramsOf = (g: CellGeometry): Params => ({
  inChannels: g.cin,
  outChannels: g.cout,
  kernel: [g.win.kh, g.win.kw],
  stride: [g.win.sh, g.win.sw],
  padding: [g.win.ph, g.win.pw],
  bias: false,
});

/** X, W and dY filled with random numbers, and the engine's Y and dX for them. */
function run(g: CellGeometry, seed: number) {
  const [ho, wo] = outputDims(g);
  const x = randomTensor([g.cin, g.h, g.w], seed);
  const weight = randomTensor([g.cout, g.cin, g.win.kh, g.win.kw], seed + 1);
  const dy = randomTensor([g.cout, ho, wo], seed + 2);
  const y = conv2d.forward({ x, weight }, paramsOf(g));
  const { x: dx } = conv2d.backward({ x, weight }, y, dy, paramsOf(g));
  return { x, weight, dy, y, dx, ho, wo };
}

const P12 = geometry(1, 1, 16, 16, [3, 3], [1, 1], [1, 1]);

describe('the terms of a convolution cell', () => {
  it('lists the six terms of P12: dL/dX[1,2] (1-based) as the exam writes it', () => {
    const terms = inputGradTerms(P12, 0, 0, 1).map((t) => termText(P12, t, 'dY'));
    const exam = 'W[2,2] dY[1,2] + W[2,3] dY[1,1] + W[2,1] dY[1,3] + W[1,2] dY[2,2] + W[1,3] dY[2,1] + W[1,1] dY[2,3]';
    expect([...terms].sort()).toEqual(exam.split(' + ').sort());
    expect(terms).toEqual(['W[2,3] dY[1,1]', 'W[2,2] dY[1,2]', 'W[2,1] dY[1,3]', 'W[1,3] dY[2,1]', 'W[1,2] dY[2,2]', 'W[1,1] dY[2,3]']);
  });

  it('has nine terms for an inner pixel of P12 and four for a corner', () => {
    expect(inputGradTerms(P12, 0, 7, 7)).toHaveLength(9);
    expect(inputGradTerms(P12, 0, 0, 0)).toHaveLength(4);
    expect(outputCellTerms(P12, 0, 0, 0)).toHaveLength(4);
  });

  const cases: [string, CellGeometry][] = [
    ['P12: 16×16, 3×3, stride 1, padding 1', P12],
    ['2 → 3 channels, 7×6, kernel 3×2, stride 2×1, padding 1×0', geometry(2, 3, 7, 6, [3, 2], [2, 1], [1, 0])],
    ['1 → 2 channels, 5×5, kernel 2, stride 2 (rows left over)', geometry(1, 2, 5, 5, [2, 2], [2, 2], [0, 0])],
    ['3 → 1 channels, 6×4, kernel 3, stride 3, padding 2', geometry(3, 1, 6, 4, [3, 3], [3, 3], [2, 2])],
  ];

  it.each(cases)('sums to the engine’s dX at every input cell on random data (%s)', (_name, g) => {
    const { weight, dy, dx } = run(g, 7);
    for (let ci = 0; ci < g.cin; ci++) {
      for (let h = 0; h < g.h; h++) {
        for (let w = 0; w < g.w; w++) {
          const sum = sumTerms(g, inputGradTerms(g, ci, h, w), weight.data, dy.data, 'y');
          expect(sum).toBeCloseTo(dx.data[(ci * g.h + h) * g.w + w], 12);
        }
      }
    }
  });

  it.each(cases)('sums to the engine’s Y at every output cell on random data (%s)', (_name, g) => {
    const { x, weight, y, ho, wo } = run(g, 11);
    for (let co = 0; co < g.cout; co++) {
      for (let oh = 0; oh < ho; oh++) {
        for (let ow = 0; ow < wo; ow++) {
          expect(sumTerms(g, outputCellTerms(g, co, oh, ow), weight.data, x.data, 'x')).toBeCloseTo(y.data[(co * ho + oh) * wo + ow], 12);
        }
      }
    }
  });

  it('writes channels when there are several', () => {
    const g = cases[1][1];
    expect(termText(g, inputGradTerms(g, 1, 2, 3)[0], 'dY')).toMatch(/^W\[1,2,\d,\d\] dY\[1,\d,\d\]$/);
    expect(termText(g, outputCellTerms(g, 2, 1, 1)[0], 'X')).toMatch(/^W\[3,1,\d,\d\] X\[1,\d,\d\]$/);
  });
});

describe('pooling windows', () => {
  const pool = geometry(1, 1, 4, 4, [2, 2], [2, 2], [0, 0]);
  const image = [1, 4, 3, 2, 7, 8, 1, 2, 1, 0, 7, 3, 2, 1, 5, 1];

  it('finds each window and its argmax (P5: max pooling gives 8, 3, 2, 7)', () => {
    const maxima = [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ].map(([oh, ow]) => image[argmaxIn(image, 4, windowOf(pool, oh, ow))]);
    expect(maxima).toEqual([8, 3, 2, 7]);
    expect(windowOf(pool, 1, 1)).toEqual({ h0: 2, h1: 4, w0: 2, w1: 4 });
  });

  it('cuts a window at the padding, and picks the first of equal maxima', () => {
    const padded = geometry(1, 1, 4, 4, [3, 3], [1, 1], [1, 1]);
    expect(windowOf(padded, 0, 0)).toEqual({ h0: 0, h1: 2, w0: 0, w1: 2 });
    expect(argmaxIn([5, 5, 5, 5], 2, { h0: 0, h1: 2, w0: 0, w1: 2 })).toBe(0);
  });
});
