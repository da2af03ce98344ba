import { describe, expect, it } from 'vitest';
import { rng } from '../../../tensor/init';
import { maxRelDiff } from '../../../graph/gradcheck';
import { gemm, mat, matT, type Matrix } from './gemm';

const random = (n: number, seed: number): Float64Array => {
  const r = rng(seed);
  return Float64Array.from({ length: n }, () => 2 * r() - 1);
};

/** The textbook triple loop over element accessors: the independent truth. */
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

describe('gemm', () => {
  // Odd sizes, and ones that cross the KC = 256, MC = 96 and NC = 2048 block edges.
  const sizes: [number, number, number][] = [
    [1, 1, 1],
    [3, 5, 7],
    [4, 4, 4],
    [5, 3, 1],
    [13, 17, 11],
    [97, 9, 257],
    [101, 35, 300],
    [3, 2053, 5],
  ];
  for (const [m, n, k] of sizes) {
    for (const [ta, tb] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ]) {
      it(`C += A·B for ${m}×${k} by ${k}×${n}${ta ? ', A transposed' : ''}${tb ? ', B transposed' : ''}`, () => {
        const ad = random(m * k + 3, m + 10 * n + 100 * k);
        const bd = random(k * n + 2, 7 * m + n);
        const a = ta ? matT(ad, m, 3) : mat(ad, k, 3);
        const b = tb ? matT(bd, k, 2) : mat(bd, n, 2);
        const c0 = random(m * n, 99);
        const c = c0.slice();
        gemm(m, n, k, a, b, mat(c, n));
        expect(maxRelDiff(c, naive(m, n, k, a, b, c0))).toBeLessThan(1e-12);
      });
    }
  }

  it('writes through a strided C (a column of a wider matrix, and a transposed one)', () => {
    const [m, n, k] = [6, 5, 9];
    const a = mat(random(m * k, 1), k);
    const b = mat(random(k * n, 2), n);
    const want = naive(m, n, k, a, b, new Float64Array(m * n));
    const wide = new Float64Array(m * 8);
    gemm(m, n, k, a, b, mat(wide, 8, 2));
    const transposed = new Float64Array(n * m);
    gemm(m, n, k, a, b, matT(transposed, m));
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        expect(wide[i * 8 + 2 + j]).toBeCloseTo(want[i * n + j], 12);
        expect(transposed[j * m + i]).toBeCloseTo(want[i * n + j], 12);
      }
    }
  });

  it('leaves C alone when a dimension is zero', () => {
    const c = Float64Array.of(1, 2, 3, 4);
    gemm(2, 2, 0, mat(new Float64Array(0), 0), mat(new Float64Array(0), 2), mat(c, 2));
    expect([...c]).toEqual([1, 2, 3, 4]);
  });

  it('multiplies exactly on small integers', () => {
    const c = new Float64Array(4);
    gemm(2, 2, 3, mat(Float64Array.of(1, 2, 3, 4, 5, 6), 3), mat(Float64Array.of(7, 8, 9, 10, 11, 12), 2), mat(c, 2));
    expect([...c]).toEqual([58, 64, 139, 154]);
  });
});
