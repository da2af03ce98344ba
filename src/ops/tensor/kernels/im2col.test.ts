import { describe, expect, it } from 'vitest';
import { rng } from '../../../tensor/init';
import { col2im, col2imAnyStride, im2col, im2colAnyStride, type ColumnBlock } from './im2col';
import { convOutputSize, window2d, type Window2d } from './window';

const random = (n: number, seed: number): Float64Array => {
  const r = rng(seed);
  return Float64Array.from({ length: n }, () => 2 * r() - 1);
};

const cases: { c: number; h: number; w: number; win: Window2d }[] = [
  { c: 1, h: 4, w: 3, win: window2d({ kh: 2, kw: 2, sh: 1, sw: 1, ph: 0, pw: 0 }) },
  { c: 2, h: 7, w: 6, win: window2d({ kh: 3, kw: 2, sh: 2, sw: 3, ph: 1, pw: 2 }) },
  { c: 3, h: 9, w: 11, win: window2d({ kh: 5, kw: 5, sh: 4, sw: 4, ph: 2, pw: 2 }) },
  { c: 1, h: 3, w: 3, win: window2d({ kh: 3, kw: 3, sh: 1, sw: 1, ph: 3, pw: 3 }) },
  { c: 2, h: 9, w: 8, win: window2d({ kh: 3, kw: 2, sh: 2, sw: 1, ph: 2, pw: 1, dh: 2, dw: 3, phEnd: 1, pwEnd: 2 }) },
];

describe('im2col and col2im', () => {
  for (const { c, h, w, win } of cases) {
    const ho = convOutputSize(h, win.kh, win.sh, win.ph, win.dh, win.phEnd);
    const wo = convOutputSize(w, win.kw, win.sw, win.pw, win.dw, win.pwEnd);
    const k = c * win.kh * win.kw;

    it(`unfold ${c}×${h}×${w} with ${win.kh}×${win.kw} /${win.sh},${win.sw} p${win.ph},${win.pw} d${win.dh},${win.dw} by the definition, in bands`, () => {
      const x = random(c * h * w + 5, h * w);
      for (const [oh0, rows] of [
        [0, ho],
        [1, Math.max(1, ho - 2)],
        [ho - 1, 1],
      ]) {
        const b: ColumnBlock = { c, h, w, wo, oh0, rows };
        const cols = new Float64Array(k * rows * wo).fill(NaN);
        im2col(x, 5, b, win, cols);
        for (let ch = 0; ch < c; ch++) {
          for (let i = 0; i < win.kh; i++) {
            for (let j = 0; j < win.kw; j++) {
              for (let r = 0; r < rows; r++) {
                for (let ow = 0; ow < wo; ow++) {
                  const ih = (oh0 + r) * win.sh - win.ph + i * win.dh;
                  const iw = ow * win.sw - win.pw + j * win.dw;
                  const inside = ih >= 0 && ih < h && iw >= 0 && iw < w;
                  const want = inside ? x[5 + (ch * h + ih) * w + iw] : 0;
                  expect(cols[((ch * win.kh + i) * win.kw + j) * rows * wo + r * wo + ow]).toBe(want);
                }
              }
            }
          }
        }
      }
    });

    it(`col2im is the adjoint of im2col for ${c}×${h}×${w}: ⟨im2col x, y⟩ = ⟨x, col2im y⟩`, () => {
      const b: ColumnBlock = { c, h, w, wo, oh0: 0, rows: ho };
      const x = random(c * h * w, 3);
      const y = random(k * ho * wo, 4);
      const cols = new Float64Array(k * ho * wo);
      im2col(x, 0, b, win, cols);
      const back = new Float64Array(c * h * w);
      col2im(y, b, win, back, 0);
      const dot = (u: Float64Array, v: Float64Array) => u.reduce((s, ui, i) => s + ui * v[i], 0);
      expect(dot(cols, y)).toBeCloseTo(dot(x, back), 12);
    });
  }
});

/** The first index where the two arrays differ bit for bit (Object.is, so 0 and −0 differ), or −1. */
const firstDifference = (a: Float64Array, b: Float64Array): number => {
  expect(a.length).toBe(b.length);
  return a.findIndex((v, i) => !Object.is(v, b[i]));
};

/** A random geometry whose kernel fits the padded input, stride 1 along W in most, and a random band of its output rows. */
function randomCase(r: () => number) {
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  for (;;) {
    const win = window2d({
      kh: int(1, 4),
      kw: int(1, 4),
      sh: int(1, 3),
      sw: r() < 0.75 ? 1 : int(2, 3),
      ph: int(0, 3),
      pw: int(0, 3),
      dh: int(1, 3),
      dw: int(1, 3),
      phEnd: int(0, 3),
      pwEnd: int(0, 3),
    });
    const c = int(1, 3);
    const h = int(1, 12);
    const w = r() < 0.3 ? int(65, 90) : int(1, 12);
    const ho = convOutputSize(h, win.kh, win.sh, win.ph, win.dh, win.phEnd);
    const wo = convOutputSize(w, win.kw, win.sw, win.pw, win.dw, win.pwEnd);
    if (ho < 1 || wo < 1) continue;
    const oh0 = int(0, ho - 1);
    const b: ColumnBlock = { c, h, w, wo, oh0, rows: int(1, ho - oh0) };
    return { b, win, k: c * win.kh * win.kw };
  }
}

/** "Same" padding at stride 1, where a column's rows are one run of the input (VGG's 3×3 convolutions). */
const sameCases: { c: number; h: number; w: number; win: Window2d }[] = [
  { c: 2, h: 6, w: 7, win: window2d({ kh: 3, kw: 3, sh: 1, sw: 1, ph: 1, pw: 1 }) },
  { c: 1, h: 5, w: 70, win: window2d({ kh: 5, kw: 3, sh: 1, sw: 1, ph: 2, pw: 1 }) },
  { c: 2, h: 4, w: 9, win: window2d({ kh: 2, kw: 4, sh: 1, sw: 1, ph: 0, pw: 1, phEnd: 1, pwEnd: 2 }) },
  { c: 1, h: 7, w: 8, win: window2d({ kh: 3, kw: 3, sh: 1, sw: 1, ph: 2, pw: 2, dh: 2, dw: 2 }) },
];

describe('im2col and col2im at stride 1 reproduce the general path bit for bit', () => {
  const r = rng(15);
  const random64 = (n: number) => Float64Array.from({ length: n }, () => (r() < 0.05 ? -0 : 2 * r() - 1));
  const geometries = [
    ...sameCases.map(({ c, h, w, win }) => {
      const ho = convOutputSize(h, win.kh, win.sh, win.ph, win.dh, win.phEnd);
      const wo = convOutputSize(w, win.kw, win.sw, win.pw, win.dw, win.pwEnd);
      return { b: { c, h, w, wo, oh0: 0, rows: ho }, win, k: c * win.kh * win.kw };
    }),
    ...Array.from({ length: 300 }, () => randomCase(r)),
  ];

  it('unfolds every random geometry to the same columns, every entry written', () => {
    for (const { b, win, k } of geometries) {
      const x = random64(b.c * b.h * b.w + 3);
      const fast = new Float64Array(k * b.rows * b.wo).fill(NaN);
      const general = new Float64Array(k * b.rows * b.wo).fill(NaN);
      im2col(x, 3, b, win, fast);
      im2colAnyStride(x, 3, b, win, general);
      expect(general.some(Number.isNaN)).toBe(false);
      expect(firstDifference(fast, general), JSON.stringify({ b, win })).toBe(-1);
    }
  });

  it('folds every random geometry back onto the same gradient, added in the same order', () => {
    for (const { b, win, k } of geometries) {
      const cols = random64(k * b.rows * b.wo);
      const start = random64(b.c * b.h * b.w + 2);
      const fast = start.slice();
      const general = start.slice();
      col2im(cols, b, win, fast, 2);
      col2imAnyStride(cols, b, win, general, 2);
      expect(firstDifference(fast, general), JSON.stringify({ b, win })).toBe(-1);
    }
  });

  it('covers the single-run case and both row paths of the unit stride', () => {
    const flat = geometries.filter(({ b, win }) => win.sw === 1 && win.sh * b.w === b.wo);
    const long = geometries.filter(({ b, win }) => win.sw === 1 && win.sh * b.w !== b.wo && b.wo >= 64);
    expect(flat.length).toBeGreaterThanOrEqual(sameCases.length);
    expect(long.length).toBeGreaterThan(10);
  });
});
