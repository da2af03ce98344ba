import { describe, expect, it } from 'vitest';
import { rng } from '../../../tensor/init';
import { col2im, im2col, type ColumnBlock } from './im2col';
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
