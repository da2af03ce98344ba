import { conv2d } from '../../ops/tensor/conv';
import { convTranspose2d } from '../../ops/tensor/conv-transpose';
import { maxPoolWinners, poolWindows } from '../../ops/tensor/pool';
import { tensor } from '../../tensor/tensor';
import { window2d } from '../../ops/tensor/kernels/window';
import { randomTensor } from '../../ops/tensor/testkit';
import type { Params } from '../../ops/types';
import {
  inputGradTerms,
  offsets,
  outputCellTerms,
  outputDims,
  poolCells,
  sumTerms,
  termText,
  weightGradTerms,
  type CellGeometry,
} from './conv-cells';

const geometry = (
  cin: number,
  cout: number,
  h: number,
  w: number,
  k: [number, number],
  s: [number, number],
  p: [number, number],
  d: [number, number] = [1, 1],
  groups = 1,
): CellGeometry => ({
  cin,
  cout,
  h,
  w,
  win: window2d({ kh: k[0], kw: k[1], sh: s[0], sw: s[1], ph: p[0], pw: p[1], dh: d[0], dw: d[1] }),
  groups,
});

const paramsOf = (g: CellGeometry): Params => ({
  inChannels: g.cin,
  outChannels: g.cout,
  kernel: [g.win.kh, g.win.kw],
  stride: [g.win.sh, g.win.sw],
  padding: [g.win.ph, g.win.pw],
  dilation: [g.win.dh, g.win.dw],
  groups: g.groups,
  bias: false,
});

/** X, W and dY filled with random numbers, and the engine's Y and dX for them. */
function run(g: CellGeometry, seed: number) {
  const [ho, wo] = outputDims(g);
  const x = randomTensor([g.cin, g.h, g.w], seed);
  const weight = randomTensor([g.cout, g.cin / g.groups, g.win.kh, g.win.kw], seed + 1);
  const dy = randomTensor([g.cout, ho, wo], seed + 2);
  const y = conv2d.forward({ x, weight }, paramsOf(g));
  const { x: dx, weight: dw } = conv2d.backward({ x, weight }, y, dy, paramsOf(g));
  return { x, weight, dy, y, dx, dw, ho, wo };
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
    ['dilation [2, 3], stride 2, padding 2', geometry(2, 2, 9, 10, [3, 2], [2, 1], [2, 2], [2, 3])],
    ['4 → 6 channels in 2 groups, dilation 2', geometry(4, 6, 7, 7, [3, 3], [1, 1], [1, 1], [2, 2], 2)],
    ['depthwise 3 → 3, stride 2', geometry(3, 3, 6, 7, [3, 3], [2, 2], [1, 1], [1, 1], 3)],
  ];

  it.each(cases)('dW sums to the engine’s weight gradient at every kernel cell (%s)', (_name, g) => {
    const { x, dy, dw } = run(g, 13);
    const cg = g.cin / g.groups;
    for (let co = 0; co < g.cout; co++) {
      for (let c = 0; c < cg; c++) {
        const ci = Math.floor(co / (g.cout / g.groups)) * cg + c;
        for (let i = 0; i < g.win.kh; i++) {
          for (let j = 0; j < g.win.kw; j++) {
            const terms = weightGradTerms(g, co, ci, i, j);
            const sum = terms.reduce((s, t) => s + dy.data[offsets(g, t).y] * x.data[offsets(g, t).x], 0);
            expect(sum).toBeCloseTo(dw.data[((co * cg + c) * g.win.kh + i) * g.win.kw + j], 12);
          }
        }
      }
    }
  });

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
  const image = tensor([1, 1, 4, 4], [1, 4, 3, 2, 7, 8, 1, 2, 1, 0, 7, 3, 2, 1, 5, 1]);

  it('finds each window and its winner (P5: max pooling gives 8, 3, 2, 7)', () => {
    const { g } = poolWindows('maxPool2d', image.shape, { kernel: 2 });
    expect(poolCells(g, 1, 1)).toEqual([10, 11, 14, 15]);
    expect([...maxPoolWinners('maxPool2d', image, { kernel: 2 })].map((i) => image.data[i])).toEqual([8, 3, 2, 7]);
  });

  it('reads a dilated window, and a ceil-mode window cut at the input', () => {
    expect(poolCells(poolWindows('maxPool2d', image.shape, { kernel: 2, stride: 1, dilation: 2 }).g, 0, 1)).toEqual([1, 3, 9, 11]);
    const ceil = poolWindows('avgPool2d', [1, 5, 5], { kernel: 2, ceilMode: true });
    expect(ceil.g.ho).toBe(3);
    expect(poolCells(ceil.g, 2, 2)).toEqual([24]);
    expect(ceil.countIncludePad).toBe(true);
  });
});

describe('a transposed convolution, through the convolution it is the adjoint of', () => {
  // ConvTranspose2d 2 → 4 channels in 2 groups, kernel 3, stride 2, padding 1, output padding 1, on 3×4.
  const params = { inChannels: 2, outChannels: 4, groups: 2, kernel: 3, stride: 2, padding: 1, outputPadding: 1, bias: false };
  const adjoint = geometry(4, 2, 6, 8, [3, 3], [2, 2], [1, 1], [1, 1], 2);
  const x = randomTensor([2, 3, 4], 1);
  const weight = randomTensor([2, 2, 3, 3], 2);
  const y = convTranspose2d.forward({ x, weight }, params);

  it('every input cell landing on its output cells, times the kernel, adds up to the engine’s Y', () => {
    expect(y.shape).toEqual([4, adjoint.h, adjoint.w]);
    expect(outputDims(adjoint)).toEqual([3, 4]);
    const sum = new Float64Array(y.data.length);
    for (let ci = 0; ci < 2; ci++) {
      for (let h = 0; h < 3; h++) {
        for (let w = 0; w < 4; w++) {
          for (const t of outputCellTerms(adjoint, ci, h, w)) {
            const o = offsets(adjoint, t);
            sum[o.x] += weight.data[o.weight] * x.data[o.y];
          }
        }
      }
    }
    sum.forEach((v, i) => expect(v).toBeCloseTo(y.data[i], 12));
  });

  it('its input gradient is the window sum W · dY of the adjoint convolution', () => {
    const dy = randomTensor(y.shape, 3);
    const { x: dx } = convTranspose2d.backward({ x, weight }, y, dy, params);
    for (let ci = 0; ci < 2; ci++) {
      for (let h = 0; h < 3; h++) {
        for (let w = 0; w < 4; w++) {
          expect(sumTerms(adjoint, outputCellTerms(adjoint, ci, h, w), weight.data, dy.data, 'x')).toBeCloseTo(
            dx.data[(ci * 3 + h) * 4 + w],
            12,
          );
        }
      }
    }
  });
});
