import { describe, expect, it } from 'vitest';
import { rng } from '../../../tensor/init';
import { conv2dForward, type ConvGeometry } from '../kernels/conv2d';
import { EPS32, inFloat32 } from '../kernels/float32';
import { gemmJs } from '../kernels/gemm';
import { convOutputSize, window2d, type Window2d } from '../kernels/window';
import { rowBands } from './conv32-wasm';

const random = (n: number, seed: number): Float64Array => {
  const r = rng(seed);
  return Float64Array.from({ length: n }, () => 2 * r() - 1);
};

/** Σ|w·x| over each output's window, in float64 from the definition: the scale of float32's bound. */
function absSums(g: ConvGeometry, x: Float64Array, wt: Float64Array): Float64Array {
  const { kh, kw, sh, sw, ph, pw, dh, dw } = g.win;
  const cg = g.cin / g.groups;
  const m = g.cout / g.groups;
  const out = new Float64Array(g.n * g.cout * g.ho * g.wo);
  for (let n = 0; n < g.n; n++) {
    for (let co = 0; co < g.cout; co++) {
      const gi = Math.floor(co / m);
      for (let oh = 0; oh < g.ho; oh++) {
        for (let ow = 0; ow < g.wo; ow++) {
          let s = 0;
          for (let c = 0; c < cg; c++) {
            for (let i = 0; i < kh; i++) {
              for (let j = 0; j < kw; j++) {
                const ih = oh * sh - ph + i * dh;
                const iw = ow * sw - pw + j * dw;
                if (ih < 0 || ih >= g.h || iw < 0 || iw >= g.w) continue;
                s += Math.abs(wt[((co * cg + c) * kh + i) * kw + j] * x[((n * g.cin + gi * cg + c) * g.h + ih) * g.w + iw]);
              }
            }
          }
          out[((n * g.cout + co) * g.ho + oh) * g.wo + ow] = s;
        }
      }
    }
  }
  return out;
}

interface Case {
  n: number;
  cin: number;
  h: number;
  w: number;
  cout: number;
  groups: number;
  win: Window2d;
}

// AlexNet's conv1 shape on a smaller image, a 3×3 with padding, groups, 1×1, dilation with
// uneven padding, and one whose columns take several bands (128·9·40 floats a row of output).
const cases: Case[] = [
  { n: 1, cin: 3, h: 27, w: 31, cout: 8, groups: 1, win: window2d({ kh: 11, kw: 11, sh: 4, sw: 4, ph: 2, pw: 2 }) },
  { n: 2, cin: 16, h: 17, w: 13, cout: 32, groups: 1, win: window2d({ kh: 3, kw: 3, sh: 1, sw: 1, ph: 1, pw: 1 }) },
  { n: 2, cin: 8, h: 9, w: 11, cout: 12, groups: 2, win: window2d({ kh: 3, kw: 2, sh: 2, sw: 1, ph: 1, pw: 0 }) },
  { n: 2, cin: 8, h: 10, w: 10, cout: 12, groups: 1, win: window2d({ kh: 1, kw: 1, sh: 1, sw: 1, ph: 0, pw: 0 }) },
  {
    n: 1,
    cin: 8,
    h: 15,
    w: 14,
    cout: 8,
    groups: 2,
    win: window2d({ kh: 3, kw: 3, sh: 1, sw: 2, ph: 2, pw: 1, dh: 2, dw: 2, phEnd: 1, pwEnd: 2 }),
  },
  { n: 1, cin: 128, h: 40, w: 40, cout: 16, groups: 1, win: window2d({ kh: 3, kw: 3, sh: 1, sw: 1, ph: 1, pw: 1 }) },
];

describe('convolution forward in fast float32 mode (float32 im2col and GEMM)', () => {
  for (const c of cases) {
    const { win } = c;
    const g: ConvGeometry = {
      ...c,
      ho: convOutputSize(c.h, win.kh, win.sh, win.ph, win.dh, win.phEnd),
      wo: convOutputSize(c.w, win.kw, win.sw, win.pw, win.dw, win.pwEnd),
    };
    const k = (c.cin / c.groups) * win.kh * win.kw;
    it(`is within γ(k+2)·Σ|w·x| of float64 and reports its products: ${JSON.stringify(c)}`, () => {
      const x = random(c.n * c.cin * c.h * c.w, 1);
      const wt = random((c.cout * c.cin * win.kh * win.kw) / c.groups, 2);
      const bias = random(c.cout, 3);
      const size = c.n * c.cout * g.ho * g.wo;
      const y64 = new Float64Array(size);
      conv2dForward(g, x, wt, bias, y64, gemmJs);
      const y32 = new Float64Array(size);
      const { report } = inFloat32(() => conv2dForward(g, x, wt, bias, y32));
      const scale = absSums(g, x, wt);
      const gamma = ((k + 2) * EPS32) / (1 - (k + 2) * EPS32);
      let worst = 0;
      for (let i = 0; i < size; i++) {
        const err = Math.abs(y32[i] - y64[i]);
        // float64's own rounding of both results (at most k·2⁻⁵³ of the scale each, plus the bias) on top of float32's bound.
        expect(err).toBeLessThanOrEqual(gamma * scale[i] + (k + 2) * 2 ** -52 * (scale[i] + 1));
        if (scale[i] > 0) worst = Math.max(worst, err / scale[i]);
      }
      expect(worst).toBeGreaterThan(0);
      expect(report.products).toBeGreaterThanOrEqual(c.n * c.groups);
      // Every multiply-add of the convolution (padding included, as im2col multiplies its zeros) went to float32.
      expect(report.macs).toBe(c.n * c.cout * g.ho * g.wo * k);
      expect(report.sampledError).toBeGreaterThan(0);
      expect(report.sampledError).toBeLessThanOrEqual(worst * (1 + 1e-6) + 1e-12);
      expect(report.bound).toBe((k + 2) * EPS32);
    });
  }

  it('cuts the output rows into bands within the column budget, a whole number per thread', () => {
    const g: ConvGeometry = { ...cases[cases.length - 1], ho: 40, wo: 40 };
    // 2¹⁹ floats of columns hold ⌊2¹⁹ / (1152·40)⌋ = 11 output rows: 40 rows take 4 bands of 10.
    expect(rowBands(g, 1152, 1)).toEqual([
      [0, 10],
      [10, 10],
      [20, 10],
      [30, 10],
    ]);
    for (const threads of [1, 2, 3, 4]) {
      for (const [ho, k] of [
        [40, 1152],
        [56, 363],
        [64, 144],
        [3, 27],
        [320, 27],
      ]) {
        const bands = rowBands({ ...g, ho, wo: 40 }, k, threads);
        expect(bands.map(([start]) => start)).toEqual(bands.map((_, i) => bands.slice(0, i).reduce((t, [, r]) => t + r, 0)));
        expect(bands.reduce((t, [, rows]) => t + rows, 0)).toBe(ho);
        expect(bands.every(([, rows]) => rows >= 1 && rows * 40 * k <= Math.max(2 ** 19, 40 * k))).toBe(true);
        if (ho >= threads) expect(bands.length % threads).toBe(0);
      }
    }
  });
});
