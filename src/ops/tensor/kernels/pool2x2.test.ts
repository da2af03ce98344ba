import { describe, expect, it } from 'vitest';
import { rng } from '../../../tensor/init';
import {
  adaptiveAxis,
  maxPoolBackward,
  maxPoolBackwardJs,
  maxPoolForward,
  maxPoolForwardJs,
  slidingAxis,
  type PoolGeometry,
} from './pool2d';
import { maxPool2x2Backward, maxPool2x2Forward, tiles2x2 } from './pool2x2';
import { poolOutputSize } from './window';

/** Pooling geometry as the ops build it: kernel k, stride s, padding p, dilation d, both axes alike. */
function geometry(planes: number, h: number, w: number, k: number, s: number, p = 0, d = 1, ceil = false): PoolGeometry {
  const ho = poolOutputSize(h, k, s, p, d, ceil);
  const wo = poolOutputSize(w, k, s, p, d, ceil);
  return { planes, h, w, ho, wo, rows: slidingAxis(ho, h, k, s, p, d), cols: slidingAxis(wo, w, k, s, p, d) };
}

/** The first index where the two arrays differ bit for bit (Object.is, so 0 and −0 differ, NaN equals NaN), or −1. */
const firstDifference = (a: Float64Array, b: Float64Array): number => {
  expect(a.length).toBe(b.length);
  return a.findIndex((v, i) => !Object.is(v, b[i]));
};

describe('max pooling over 2×2 blocks at stride 2', () => {
  it('is recognised only where every window is the 2×2 block at (2·oh, 2·ow)', () => {
    expect(tiles2x2(geometry(3, 8, 6, 2, 2))).toBe(true);
    expect(tiles2x2(geometry(3, 9, 7, 2, 2))).toBe(true);
    expect(tiles2x2({ planes: 1, h: 6, w: 8, ho: 3, wo: 4, rows: adaptiveAxis(3, 6), cols: adaptiveAxis(4, 8) })).toBe(true);
    expect(tiles2x2(geometry(1, 9, 8, 2, 2, 0, 1, true))).toBe(false);
    expect(tiles2x2(geometry(1, 8, 8, 2, 2, 1))).toBe(false);
    expect(tiles2x2(geometry(1, 8, 8, 2, 1))).toBe(false);
    expect(tiles2x2(geometry(1, 8, 8, 2, 2, 0, 2))).toBe(false);
    expect(tiles2x2(geometry(1, 8, 8, 3, 2))).toBe(false);
    expect(tiles2x2({ planes: 1, h: 7, w: 8, ho: 3, wo: 4, rows: adaptiveAxis(3, 7), cols: adaptiveAxis(4, 8) })).toBe(false);
  });

  it('reproduces the general scan bit for bit: ties to the first, the last NaN, −0 against 0, odd sizes', () => {
    const r = rng(9);
    const pick = [0, -0, 0.5, -0.5, 1, NaN];
    for (let t = 0; t < 200; t++) {
      const planes = 1 + Math.floor(r() * 4);
      const h = 2 + Math.floor(r() * 12);
      const w = 2 + Math.floor(r() * 12);
      const g = geometry(planes, h, w, 2, 2);
      // Few distinct values, so windows hold ties, signed zeros and NaNs (one, or several) often.
      const x = Float64Array.from({ length: planes * h * w }, () => (r() < 0.6 ? pick[Math.floor(r() * pick.length)] : 2 * r() - 1));
      const dy = Float64Array.from({ length: planes * g.ho * g.wo }, () => (r() < 0.1 ? -0 : 2 * r() - 1));
      const y = new Float64Array(dy.length).fill(7);
      const yRef = new Float64Array(dy.length).fill(7);
      maxPool2x2Forward(g, x, y);
      maxPoolForwardJs(g, x, yRef);
      expect(firstDifference(y, yRef), `forward ${planes}×${h}×${w}`).toBe(-1);
      const dx = new Float64Array(x.length);
      const dxRef = new Float64Array(x.length);
      maxPool2x2Backward(g, x, dy, dx);
      maxPoolBackwardJs(g, x, dy, dxRef);
      expect(firstDifference(dx, dxRef), `backward ${planes}×${h}×${w}`).toBe(-1);
    }
  });

  it('gives each window its maximum, or NaN when it holds one, and routes the gradient there (the definition)', () => {
    const g = geometry(1, 4, 4, 2, 2);
    // prettier-ignore
    const x = Float64Array.of(
      1, 3, 2, 2,
      3, 0, 2, NaN,
      -1, -0, 5, 4,
      0, -2, NaN, NaN,
    );
    const y = new Float64Array(4);
    maxPoolForward(g, x, y);
    // toEqual tells −0 from 0: the third window's −0 comes before its 0.
    expect(Array.from(y)).toEqual([3, NaN, -0, NaN]);
    const dx = new Float64Array(16);
    maxPoolBackward(g, x, Float64Array.of(10, 20, 30, 40), dx);
    // Ties go to the first maximum (3 at row 0, −0 before 0), NaNs to the last one.
    expect(Array.from(dx)).toEqual([0, 10, 0, 0, 0, 0, 0, 20, 0, 30, 0, 0, 0, 0, 0, 40]);
  });
});
