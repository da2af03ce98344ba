import { beforeAll, describe, expect, it } from 'vitest';
import { startNodeThreads } from '../../../cli/threads';
import { rng } from '../../../tensor/init';
import { conv2dForward, type ConvGeometry } from '../kernels/conv2d';
import { inFloat32 } from '../kernels/float32';
import { gemm, gemmJs, mat, matT, type Matrix } from '../kernels/gemm';
import { window2d } from '../kernels/window';
import { gemmF32 } from './gemm32-wasm';
import { cut, productBands, startOnDemand, stopThreads, threadCount } from './threads';

const random = (n: number, seed: number): Float64Array => {
  const r = rng(seed);
  return Float64Array.from({ length: n }, () => 2 * r() - 1);
};

const same = (x: Float64Array, y: Float64Array) => {
  expect(x.length).toBe(y.length);
  const differ = x.findIndex((v, i) => !Object.is(v, y[i]));
  expect(differ).toBe(-1);
};

describe('cut', () => {
  it('covers [0, total) with at most `parts` bands of whole units, in order', () => {
    for (const [total, parts, unit] of [
      [10, 2, 4],
      [4096, 2, 4],
      [4097, 3, 8],
      [5, 4, 6],
      [1, 2, 4],
      [96, 3, 6],
    ]) {
      const bands = cut(total, parts, unit);
      expect(bands.length).toBeLessThanOrEqual(parts);
      expect(bands.length).toBeGreaterThanOrEqual(1);
      let next = 0;
      bands.forEach(([start, length], i) => {
        expect(start).toBe(next);
        expect(length).toBeGreaterThan(0);
        if (i < bands.length - 1) expect(length % unit).toBe(0);
        next = start + length;
      });
      expect(next).toBe(total);
    }
  });

  it('shares evenly: 4096 columns in 4-wide tiles between two threads is 2048 each', () => {
    expect(cut(4096, 2, 4)).toEqual([
      [0, 2048],
      [2048, 2048],
    ]);
  });
});

describe('threads on demand', () => {
  it('start at the first product big enough to share, once, and not for small ones', () => {
    let starts = 0;
    startOnDemand(() => starts++);
    expect(productBands(64, 64, 64, 6, 4)).toHaveLength(1);
    expect(starts).toBe(0);
    productBands(32, 4096, 144, 6, 4);
    expect(starts).toBe(1);
    productBands(32, 4096, 144, 6, 4);
    expect(starts).toBe(1);
  });
});

describe('matrix products on two threads (a Node worker helping this thread)', () => {
  beforeAll(async () => {
    expect(startNodeThreads(1)).toBe(true);
    for (let i = 0; i < 500 && threadCount() < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(threadCount()).toBe(2);
  });

  it('cut a big product along its longer side and leave a small one whole', () => {
    expect(productBands(32, 4096, 144, 6, 4).map((b) => [b.j0, b.cols])).toEqual([
      [0, 2048],
      [2048, 2048],
    ]);
    expect(productBands(1000, 64, 300, 6, 4).map((b) => [b.i0, b.rows])).toEqual([
      [0, 504],
      [504, 496],
    ]);
    expect(productBands(64, 64, 64, 6, 4)).toHaveLength(1);
  });

  // Wide (columns cut), tall (rows cut), transposed operands, and sizes crossing the tile and block edges.
  const shapes: [number, number, number, boolean, boolean][] = [
    [32, 4096, 144, false, false],
    [1000, 64, 300, false, false],
    [97, 301, 257, true, false],
    [130, 90, 513, false, true],
    [96, 2100, 40, true, true],
  ];
  for (const [m, n, k, ta, tb] of shapes) {
    it(`are bit-identical to the plain-JS kernel: ${m}×${k} · ${k}×${n}${ta ? ', A transposed' : ''}${tb ? ', B transposed' : ''}`, () => {
      expect(productBands(m, n, k, 6, 4).length).toBe(2);
      const a: Matrix = ta ? matT(random(m * k, 1), m) : mat(random(m * k, 1), k);
      const b: Matrix = tb ? matT(random(k * n, 2), k) : mat(random(k * n, 2), n);
      const threaded = random(m * n, 3);
      const reference = threaded.slice();
      gemm(m, n, k, a, b, mat(threaded, n));
      gemmJs(m, n, k, a, b, mat(reference, n));
      same(threaded, reference);
    });
  }

  it('give the float32 product the same bits as on one thread, and the conv forward in float32 too', () => {
    const [m, n, k] = [48, 3000, 200];
    const a = mat(random(m * k, 4), k);
    const b = mat(random(k * n, 5), n);
    const g: ConvGeometry = {
      n: 1,
      cin: 8,
      h: 66,
      w: 66,
      cout: 16,
      ho: 64,
      wo: 64,
      groups: 1,
      win: window2d({ kh: 3, kw: 3, sh: 1, sw: 1, ph: 0, pw: 0 }),
    };
    const x = random(8 * 66 * 66, 6);
    const wt = random(16 * 8 * 9, 7);
    const run = () => {
      const c = new Float64Array(m * n);
      const y = new Float64Array(16 * 64 * 64);
      inFloat32(() => {
        expect(gemmF32(m, n, k, a, b, mat(c, n))).not.toBeNull();
        conv2dForward(g, x, wt, undefined, y);
      });
      return [c, y];
    };
    const [c2, y2] = run();
    stopThreads();
    expect(threadCount()).toBe(1);
    const [c1, y1] = run();
    same(c2, c1);
    same(y2, y1);
  });
});
