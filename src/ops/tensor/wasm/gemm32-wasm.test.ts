import { describe, expect, it } from 'vitest';
import { rng } from '../../../tensor/init';
import { EPS32, inFloat32 } from '../kernels/float32';
import { gemm, gemmJs, mat, matT, type Matrix } from '../kernels/gemm';
import { gemmF32, kernels32 } from './gemm32-wasm';

const random = (n: number, seed: number, scale = 1): Float64Array => {
  const r = rng(seed);
  return Float64Array.from({ length: n }, () => scale * (2 * r() - 1));
};

const at = (x: Matrix, i: number, j: number) => x.data[x.offset + i * x.rowStride + j * x.colStride];

/** Per entry, in float64: the product A·B and Σ|a·b|, the scale float32's error bound is stated in. */
function exact(m: number, n: number, k: number, a: Matrix, b: Matrix): { dot: Float64Array; scale: Float64Array } {
  const dot = new Float64Array(m * n);
  const scale = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      for (let p = 0; p < k; p++) {
        const x = at(a, i, p) * at(b, p, j);
        dot[i * n + j] += x;
        scale[i * n + j] += Math.abs(x);
      }
    }
  }
  return { dot, scale };
}

/**
 * The float32 error bound: rounding a and b to float32 (relative 2⁻²⁴ each) and k float32
 * multiply-adds give |c32 − c| ≤ γ(k+2)·Σ|a·b| with γ(j) = j·u/(1 − j·u), u = 2⁻²⁴ (Higham,
 * Accuracy and Stability, §3.1); adding the result to C in float64 costs one more float64 rounding.
 */
const gamma = (k: number) => ((k + 2) * EPS32) / (1 - (k + 2) * EPS32);

describe('float32 SIMD gemm (fast float32 mode)', () => {
  it('loads in this runtime', () => {
    expect(kernels32()).not.toBeNull();
  });

  // Sizes crossing the 6×8 tile, KC = 256, MC = 120 and NC = 2048 edges, and deep products.
  const sizes: [number, number, number][] = [
    [1, 1, 1],
    [5, 3, 7],
    [6, 8, 9],
    [7, 9, 256],
    [13, 17, 257],
    [121, 9, 300],
    [101, 35, 513],
    [3, 2053, 5],
    [64, 64, 64],
    [8, 8, 4000],
  ];
  for (const [m, n, k] of sizes) {
    for (const [ta, tb] of [
      [false, false],
      [true, true],
      [true, false],
    ]) {
      it(`is within γ(k+2)·Σ|a·b| of float64: ${m}×${k} · ${k}×${n}${ta ? ', Aᵀ' : ''}${tb ? ', Bᵀ' : ''}`, () => {
        const ad = random(m * k + 3, m + 10 * n + 100 * k, 3);
        const bd = random(k * n + 2, 7 * m + n, 0.5);
        const a = ta ? matT(ad, m, 3) : mat(ad, k, 3);
        const b = tb ? matT(bd, k, 2) : mat(bd, n, 2);
        const c0 = random(m * n, 99);
        const c = c0.slice();
        const sampled = gemmF32(m, n, k, a, b, mat(c, n));
        const { dot, scale } = exact(m, n, k, a, b);
        let worst = 0;
        for (let i = 0; i < m * n; i++) {
          const err = Math.abs(c[i] - (c0[i] + dot[i]));
          // The float64 roundings of c0 + product, at most 2⁻⁵³ of each side's size, on top of float32's bound.
          expect(err).toBeLessThanOrEqual(gamma(k) * scale[i] + 2 ** -52 * (Math.abs(c0[i]) + scale[i]));
          if (scale[i] > 0) worst = Math.max(worst, Math.abs(c[i] - c0[i] - dot[i]) / scale[i]);
        }
        // The sampled error is one of the entries' errors, so no more than the worst of them.
        expect(sampled).not.toBeNull();
        expect(sampled as number).toBeLessThanOrEqual(worst * (1 + 1e-6) + 1e-15);
        expect(sampled as number).toBeLessThanOrEqual(gamma(k));
      });
    }
  }

  it('really rounds to float32: 0.1 · 1 comes back as float32 0.1, not float64 0.1', () => {
    const a = mat(new Float64Array(4 * 4).fill(0.1), 1);
    const b = mat(new Float64Array(4 * 4).fill(1), 4);
    const c = new Float64Array(16);
    gemmF32(16, 4, 1, a, b, mat(c, 4));
    expect(c[0]).toBe(Math.fround(0.1));
    expect(c[0]).not.toBe(0.1);
  });

  it('writes only the strided C cells, adding to what is there', () => {
    const [m, n, k] = [9, 7, 30];
    const a = mat(random(m * k, 1), k);
    const b = mat(random(k * n, 2), n);
    const { dot } = exact(m, n, k, a, b);
    const wide = new Float64Array(m * 10).fill(5);
    gemmF32(m, n, k, a, b, mat(wide, 10, 2));
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < 10; j++) {
        const inside = j >= 2 && j < 2 + n;
        if (inside) expect(Math.abs(wide[i * 10 + j] - 5 - dot[i * n + j - 2])).toBeLessThan(1e-5);
        else expect(wide[i * 10 + j]).toBe(5);
      }
    }
  });
});

describe('inFloat32, the scope of fast float32 mode', () => {
  const [m, n, k] = [40, 50, 60];
  const a = mat(random(m * k, 3), k);
  const b = mat(random(k * n, 4), n);

  it('is off by default: gemm gives the float64 kernel bits', () => {
    const viaGemm = new Float64Array(m * n);
    const viaJs = new Float64Array(m * n);
    gemm(m, n, k, a, b, mat(viaGemm, n));
    gemmJs(m, n, k, a, b, mat(viaJs, n));
    expect(viaGemm).toEqual(viaJs);
  });

  it('routes big products to float32 and counts them, leaving small ones in float64', () => {
    const big = new Float64Array(m * n);
    const small = new Float64Array(4);
    const { report } = inFloat32(() => {
      gemm(m, n, k, a, b, mat(big, n));
      gemm(2, 2, 2, a, b, mat(small, 2));
    });
    const f64 = new Float64Array(m * n);
    gemmJs(m, n, k, a, b, mat(f64, n));
    expect(big).not.toEqual(f64);
    expect(report.products).toBe(1);
    expect(report.macs).toBe(m * n * k);
    expect(report.bound).toBe((k + 2) * EPS32);
    expect(report.sampledError).toBeGreaterThan(0);
    expect(report.sampledError).toBeLessThan(report.bound);
    const smallJs = new Float64Array(4);
    gemmJs(2, 2, 2, a, b, mat(smallJs, 2));
    expect(small).toEqual(smallJs);
  });

  it('ends with its run, even when the run throws', () => {
    expect(() =>
      inFloat32(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    const after = new Float64Array(m * n);
    const viaJs = new Float64Array(m * n);
    gemm(m, n, k, a, b, mat(after, n));
    gemmJs(m, n, k, a, b, mat(viaJs, n));
    expect(after).toEqual(viaJs);
  });
});
