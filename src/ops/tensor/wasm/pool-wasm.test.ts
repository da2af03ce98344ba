import { describe, expect, it } from 'vitest';
import { rng } from '../../../tensor/init';
import {
  adaptiveAxis,
  avgPoolBackwardJs,
  avgPoolForwardJs,
  maxPoolBackward,
  maxPoolBackwardJs,
  maxPoolForwardJs,
  slidingAxis,
  type PoolGeometry,
} from '../kernels/pool2d';
import { poolOutputSize } from '../kernels/window';
import { avgPoolWasm, maxPoolWasm } from './pool-wasm';

/** Inputs with ties (values rounded to tenths) and a few NaNs, where the tie and NaN rules matter. */
function input(n: number, seed: number, nans: number): Float64Array {
  const r = rng(seed);
  const x = Float64Array.from({ length: n }, () => Math.round(10 * (2 * r() - 1)) / 10);
  for (let i = 0; i < nans; i++) x[Math.floor(r() * n)] = NaN;
  return x;
}

const sameBits = (a: Float64Array, b: Float64Array): boolean => {
  const x = new Uint8Array(a.buffer);
  const y = new Uint8Array(b.buffer);
  return x.length === y.length && x.every((v, i) => v === y[i]);
};

interface Case {
  planes: number;
  h: number;
  w: number;
  k: [number, number];
  s: [number, number];
  p: [number, number];
  d: [number, number];
  ceil: boolean;
}

const cases: Case[] = [
  { planes: 4, h: 16, w: 16, k: [2, 2], s: [2, 2], p: [0, 0], d: [1, 1], ceil: false },
  { planes: 5, h: 13, w: 11, k: [3, 3], s: [2, 2], p: [1, 1], d: [1, 1], ceil: true },
  { planes: 3, h: 9, w: 14, k: [3, 2], s: [1, 3], p: [1, 0], d: [2, 1], ceil: false },
  { planes: 1, h: 7, w: 7, k: [3, 3], s: [2, 2], p: [1, 1], d: [1, 1], ceil: true },
  { planes: 6, h: 20, w: 9, k: [5, 3], s: [3, 1], p: [2, 1], d: [1, 2], ceil: true },
];

function geometry(c: Case): PoolGeometry {
  const ho = poolOutputSize(c.h, c.k[0], c.s[0], c.p[0], c.d[0], c.ceil);
  const wo = poolOutputSize(c.w, c.k[1], c.s[1], c.p[1], c.d[1], c.ceil);
  return {
    planes: c.planes,
    h: c.h,
    w: c.w,
    ho,
    wo,
    rows: slidingAxis(ho, c.h, c.k[0], c.s[0], c.p[0], c.d[0]),
    cols: slidingAxis(wo, c.w, c.k[1], c.s[1], c.p[1], c.d[1]),
  };
}

function compare(g: PoolGeometry, seed: number): void {
  const x = input(g.planes * g.h * g.w, seed, 3);
  const cells = g.planes * g.ho * g.wo;
  const dy = input(cells, seed + 1, 0);
  const yJs = new Float64Array(cells);
  const yWasm = new Float64Array(cells);
  maxPoolForwardJs(g, x, yJs);
  expect(maxPoolWasm(g, x, yWasm)).toBe(true);
  expect(sameBits(yWasm, yJs)).toBe(true);
  const dxJs = new Float64Array(x.length);
  const dxWasm = new Float64Array(x.length);
  maxPoolBackwardJs(g, x, dy, dxJs);
  expect(maxPoolWasm(g, x, dxWasm, dy)).toBe(true);
  expect(sameBits(dxWasm, dxJs)).toBe(true);
  // The definition at every cell of the last plane: its maximum, or NaN when the window holds one.
  const p = g.planes - 1;
  for (let oh = 0; oh < g.ho; oh++) {
    for (let ow = 0; ow < g.wo; ow++) {
      const vals: number[] = [];
      for (let a = 0; a < g.rows.count[oh]; a++) {
        for (let b = 0; b < g.cols.count[ow]; b++) {
          vals.push(x[(p * g.h + g.rows.first[oh] + a * g.rows.step) * g.w + g.cols.first[ow] + b * g.cols.step]);
        }
      }
      expect(yWasm[(p * g.ho + oh) * g.wo + ow]).toBe(vals.some(Number.isNaN) ? NaN : Math.max(...vals));
    }
  }
}

describe('WebAssembly SIMD max pooling', () => {
  for (const c of cases) {
    it(`forward and backward equal the plain-JS kernels bit for bit: ${c.planes} planes ${c.h}×${c.w}, kernel ${c.k}, stride ${c.s}, pad ${c.p}, dilation ${c.d}${c.ceil ? ', ceil' : ''}`, () => {
      compare(geometry(c), c.h * c.w);
    });
  }

  it('adaptive windows, which overlap, over an odd number of planes', () => {
    compare({ planes: 7, h: 10, w: 13, ho: 3, wo: 4, rows: adaptiveAxis(3, 10), cols: adaptiveAxis(4, 13) }, 5);
  });

  it('the dispatching backward sends a tie to the first maximum, as PyTorch', () => {
    const g = geometry({ planes: 32, h: 8, w: 8, k: [2, 2], s: [2, 2], p: [0, 0], d: [1, 1], ceil: false });
    const x = new Float64Array(32 * 64).fill(1);
    const dx = new Float64Array(x.length);
    maxPoolBackward(g, x, new Float64Array(32 * 16).fill(3), dx);
    expect([dx[0], dx[1], dx[8], dx[9], dx[2]]).toEqual([3, 0, 0, 0, 3]);
  });
});

describe('WebAssembly SIMD average pooling', () => {
  const avgCases = cases.filter((c) => c.d[0] === 1 && c.d[1] === 1);
  for (const c of avgCases) {
    for (const includePad of [true, false]) {
      it(`forward and backward equal the plain-JS kernels bit for bit: ${c.planes} planes ${c.h}×${c.w}, kernel ${c.k}, stride ${c.s}, pad ${c.p}${c.ceil ? ', ceil' : ''}, ${includePad ? 'counting' : 'not counting'} the padding`, () => {
        const g = geometry(c);
        const x = input(g.planes * g.h * g.w, c.h + c.w, 0);
        const cells = g.planes * g.ho * g.wo;
        const dy = input(cells, 3, 0);
        const yJs = new Float64Array(cells);
        const yWasm = new Float64Array(cells);
        avgPoolForwardJs(g, x, yJs, includePad);
        expect(avgPoolWasm(g, x, yWasm, includePad)).toBe(true);
        expect(sameBits(yWasm, yJs)).toBe(true);
        const dxJs = new Float64Array(x.length);
        const dxWasm = new Float64Array(x.length);
        avgPoolBackwardJs(g, dy, dxJs, includePad);
        expect(avgPoolWasm(g, undefined, dxWasm, includePad, dy)).toBe(true);
        expect(sameBits(dxWasm, dxJs)).toBe(true);
        // The definition at the last plane's first cell: its window's sum over its divisor.
        const p = g.planes - 1;
        let sum = 0;
        for (let a = 0; a < g.rows.count[0]; a++) {
          for (let b = 0; b < g.cols.count[0]; b++) sum += x[(p * g.h + g.rows.first[0] + a) * g.w + g.cols.first[0] + b];
        }
        const divisor = includePad ? g.rows.padded[0] * g.cols.padded[0] : g.rows.count[0] * g.cols.count[0];
        expect(yWasm[p * g.ho * g.wo]).toBeCloseTo(sum / divisor, 14);
      });
    }
  }

  it('adaptive average pooling (overlapping windows) over an odd number of planes', () => {
    const g: PoolGeometry = { planes: 5, h: 11, w: 7, ho: 4, wo: 3, rows: adaptiveAxis(4, 11), cols: adaptiveAxis(3, 7) };
    const x = input(5 * 77, 9, 0);
    const yJs = new Float64Array(5 * 12);
    const yWasm = new Float64Array(5 * 12);
    avgPoolForwardJs(g, x, yJs, false);
    avgPoolWasm(g, x, yWasm, false);
    expect(sameBits(yWasm, yJs)).toBe(true);
  });
});
