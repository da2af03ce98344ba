import { describe, expect, it } from 'vitest';
import { rng } from '../../../tensor/init';
import { conv2dBackward, conv2dForward, type ConvGeometry } from '../kernels/conv2d';
import { gemm, gemmJs, mat, matT, type Matrix } from '../kernels/gemm';
import { convOutputSize, window2d, type Window2d } from '../kernels/window';
import { gemmWasm } from './gemm-wasm';
import { kernels } from './runtime';

const random = (n: number, seed: number): Float64Array => {
  const r = rng(seed);
  return Float64Array.from({ length: n }, () => 2 * r() - 1);
};

/** Bit-for-bit equality, so −0 and NaN payloads count too. */
function sameBits(a: Float64Array, b: Float64Array): boolean {
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** The textbook triple loop: an independent truth for both kernels. */
function naive(m: number, n: number, k: number, a: Matrix, b: Matrix, c0: Float64Array): Float64Array {
  const at = (x: Matrix, i: number, j: number) => x.data[x.offset + i * x.rowStride + j * x.colStride];
  const c = c0.slice();
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += at(a, i, p) * at(b, p, j);
      c[i * n + j] += s;
    }
  }
  return c;
}

describe('WebAssembly SIMD gemm', () => {
  it('loads in this runtime (Node and Chromium both have 128-bit SIMD)', () => {
    expect(kernels()).not.toBeNull();
  });

  // Odd sizes, and ones crossing the 6×4 tile, the KC = 256 depth, MC = 96 and NC = 2048 block edges.
  const sizes: [number, number, number][] = [
    [1, 1, 1],
    [5, 3, 7],
    [6, 4, 9],
    [7, 5, 256],
    [13, 17, 257],
    [97, 9, 300],
    [101, 35, 513],
    [3, 2053, 5],
    [64, 64, 64],
  ];
  for (const [m, n, k] of sizes) {
    for (const [ta, tb] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ]) {
      it(`equals gemmJs bit for bit and the triple loop to 1e-12: ${m}×${k} · ${k}×${n}${ta ? ', Aᵀ' : ''}${tb ? ', Bᵀ' : ''}`, () => {
        const ad = random(m * k + 3, m + 10 * n + 100 * k);
        const bd = random(k * n + 2, 7 * m + n);
        const a = ta ? matT(ad, m, 3) : mat(ad, k, 3);
        const b = tb ? matT(bd, k, 2) : mat(bd, n, 2);
        const c0 = random(m * n, 99);
        const viaJs = c0.slice();
        const viaWasm = c0.slice();
        gemmJs(m, n, k, a, b, mat(viaJs, n));
        expect(gemmWasm(m, n, k, a, b, mat(viaWasm, n))).toBe(true);
        expect(sameBits(viaWasm, viaJs)).toBe(true);
        let worst = 0;
        naive(m, n, k, a, b, c0).forEach((v, i) => (worst = Math.max(worst, Math.abs(v - viaWasm[i]) / Math.max(1, Math.abs(v)))));
        expect(worst).toBeLessThan(1e-12);
      });
    }
  }

  it('writes through a strided C and leaves the cells between its rows alone', () => {
    const [m, n, k] = [9, 7, 30];
    const a = mat(random(m * k, 1), k);
    const b = mat(random(k * n, 2), n);
    const want = naive(m, n, k, a, b, new Float64Array(m * n));
    const wide = new Float64Array(m * 10).fill(5);
    gemmWasm(m, n, k, a, b, mat(wide, 10, 2));
    const transposed = new Float64Array(n * m);
    gemmWasm(m, n, k, a, b, matT(transposed, m));
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < 10; j++) {
        const inside = j >= 2 && j < 2 + n;
        expect(wide[i * 10 + j]).toBeCloseTo(inside ? 5 + want[i * n + j - 2] : 5, 12);
      }
      for (let j = 0; j < n; j++) expect(transposed[j * m + i]).toBeCloseTo(want[i * n + j], 12);
    }
  });

  it('reads and writes views strided along both axes (every other column of every third row)', () => {
    const [m, n, k] = [7, 6, 9];
    const a = { data: random(3 * m * 2 * k, 5), offset: 1, rowStride: 6 * k, colStride: 2 };
    const b = { data: random(3 * k * 2 * n, 6), offset: 0, rowStride: 6 * n, colStride: 2 };
    const c0 = random(3 * m * 2 * n, 7);
    const viaJs = c0.slice();
    const viaWasm = c0.slice();
    gemmJs(m, n, k, a, b, { data: viaJs, offset: 2, rowStride: 6 * n, colStride: 2 });
    gemmWasm(m, n, k, a, b, { data: viaWasm, offset: 2, rowStride: 6 * n, colStride: 2 });
    expect(sameBits(viaWasm, viaJs)).toBe(true);
    expect(viaWasm[1]).toBe(c0[1]);
    expect(viaWasm[2]).not.toBe(c0[2]);
  });

  it('multiplies exactly on small integers, through the dispatching gemm too', () => {
    const a = Float64Array.from({ length: 8 * 8 * 8 }, (_, i) => (i % 7) - 3);
    const c = new Float64Array(64);
    gemm(8, 8, 64, mat(a, 64), mat(a, 8), mat(c, 8));
    expect(c).toEqual(naive(8, 8, 64, mat(a, 64), mat(a, 8), new Float64Array(64)));
  });
});

interface ConvCase {
  n: number;
  cin: number;
  h: number;
  w: number;
  cout: number;
  groups: number;
  win: Window2d;
}

const convCases: ConvCase[] = [
  { n: 1, cin: 3, h: 27, w: 31, cout: 8, groups: 1, win: window2d({ kh: 11, kw: 11, sh: 4, sw: 4, ph: 2, pw: 2 }) },
  { n: 2, cin: 16, h: 17, w: 13, cout: 32, groups: 1, win: window2d({ kh: 3, kw: 3, sh: 1, sw: 1, ph: 1, pw: 1 }) },
  { n: 3, cin: 6, h: 9, w: 11, cout: 9, groups: 3, win: window2d({ kh: 3, kw: 2, sh: 2, sw: 1, ph: 1, pw: 0 }) },
  { n: 2, cin: 8, h: 10, w: 10, cout: 12, groups: 1, win: window2d({ kh: 1, kw: 1, sh: 1, sw: 1, ph: 0, pw: 0 }) },
  {
    n: 1,
    cin: 4,
    h: 15,
    w: 14,
    cout: 6,
    groups: 2,
    win: window2d({ kh: 3, kw: 3, sh: 1, sw: 2, ph: 2, pw: 1, dh: 2, dw: 2, phEnd: 1, pwEnd: 2 }),
  },
  { n: 1, cin: 64, h: 20, w: 20, cout: 64, groups: 1, win: window2d({ kh: 3, kw: 3, sh: 1, sw: 1, ph: 1, pw: 1 }) },
  // Four bands of 11, 11, 11 and 7 output rows (2¹⁸ doubles of columns over 576·40): the weights
  // and dW stay in the module's memory between bands, the columns (zeroed for each dx band) do not.
  { n: 2, cin: 64, h: 40, w: 40, cout: 16, groups: 1, win: window2d({ kh: 3, kw: 3, sh: 1, sw: 1, ph: 1, pw: 1 }) },
];

describe('convolution through WebAssembly gemm', () => {
  for (const c of convCases) {
    const { win } = c;
    const g: ConvGeometry = {
      ...c,
      ho: convOutputSize(c.h, win.kh, win.sh, win.ph, win.dh, win.phEnd),
      wo: convOutputSize(c.w, win.kw, win.sw, win.pw, win.dw, win.pwEnd),
    };
    const name = `${c.n}×${c.cin}×${c.h}×${c.w} → ${c.cout}, ${win.kh}×${win.kw} /${win.sh},${win.sw} p${win.ph},${win.pw} d${win.dh}, groups ${c.groups}`;
    it(`forward, dX, dW and dB equal the plain-JS kernels bit for bit: ${name}`, () => {
      const x = random(c.n * c.cin * c.h * c.w, 1);
      const wt = random((c.cout * c.cin * win.kh * win.kw) / c.groups, 2);
      const bias = random(c.cout, 3);
      const outSize = c.n * c.cout * g.ho * g.wo;
      const dy = random(outSize, 4);
      const run = (mm: typeof gemm) => {
        const y = new Float64Array(outSize);
        conv2dForward(g, x, wt, bias, y, mm);
        const grads = { dx: new Float64Array(x.length), dw: new Float64Array(wt.length), db: new Float64Array(c.cout) };
        conv2dBackward(g, x, wt, dy, grads, mm);
        return [y, grads.dx, grads.dw, grads.db];
      };
      const wasm = run(gemm);
      const js = run(gemmJs);
      wasm.forEach((t, i) => expect(sameBits(t, js[i])).toBe(true));
      // The direct definition at one output cell, so neither side is only checked against itself.
      const [co, oh, ow] = [c.cout - 1, g.ho - 1, Math.floor(g.wo / 2)];
      const cg = c.cin / c.groups;
      let s = bias[co];
      for (let ci = 0; ci < cg; ci++) {
        for (let i = 0; i < win.kh; i++) {
          for (let j = 0; j < win.kw; j++) {
            const ih = oh * win.sh - win.ph + i * win.dh;
            const iw = ow * win.sw - win.pw + j * win.dw;
            if (ih < 0 || ih >= c.h || iw < 0 || iw >= c.w) continue;
            const cin = Math.floor(co / (c.cout / c.groups)) * cg + ci;
            s += wt[((co * cg + ci) * win.kh + i) * win.kw + j] * x[(cin * c.h + ih) * c.w + iw];
          }
        }
      }
      expect(wasm[0][(co * g.ho + oh) * g.wo + ow]).toBeCloseTo(s, 12);
    });
  }
});
