import type { AxisWindows, PoolGeometry } from './pool2d';

/**
 * Max pooling with 2×2 windows at stride 2, no padding or dilation: how VGG and most CNNs pool.
 * The windows tile the input, so each is four loads at fixed offsets; this loop beats copying the
 * planes into WebAssembly memory and back (a VGG stage's input is 52 MB), which cost more than the
 * SIMD kernel saved. Same scan and rule as pool2d.ts's: bit-identical.
 */

/** Whether every window of the axis is the pair [2·o, 2·o + 1]. */
const pairs = (a: AxisWindows): boolean => a.step === 1 && a.first.every((f, o) => f === 2 * o && a.count[o] === 2);

/** Whether every window is the 2×2 block at (2·oh, 2·ow). */
export const tiles2x2 = (g: PoolGeometry): boolean => pairs(g.rows) && pairs(g.cols);

/**
 * Where the maximum of the 2×2 block whose top-left cell is q lies, as pool2d.ts's row-by-row scan
 * finds it: the first on ties, the last NaN if any. Each row's winner, then the later row's if it
 * is NaN or greater: the same cell as the scan (a NaN row winner is its last NaN, otherwise its
 * first maximum), with the two rows independent. Selected by arithmetic, not branches, which
 * real data makes a coin flip.
 */
function winner(x: Float64Array, q: number, w: number): number {
  const a = x[q];
  const b = x[q + 1];
  const c = x[q + w];
  const d = x[q + w + 1];
  const top = q + (Number(b > a) | Number(b !== b));
  const bottom = q + w + (Number(d > c) | Number(d !== d));
  const t = x[top];
  const u = x[bottom];
  return top + (Number(u > t) | Number(u !== u)) * (bottom - top);
}

/** y = the maximum of each 2×2 block (see {@link tiles2x2}). */
export function maxPool2x2Forward(g: PoolGeometry, x: Float64Array, y: Float64Array): void {
  const { h, w, ho, wo } = g;
  let cell = 0;
  for (let base = 0, end = g.planes * h * w; base < end; base += h * w) {
    for (let oh = 0; oh < ho; oh++) {
      const row = base + 2 * oh * w;
      for (let ow = 0; ow < wo; ow++) y[cell++] = x[winner(x, row + 2 * ow, w)];
    }
  }
}

/** Adds each block's gradient to its maximum. `dx` must be zero-filled. */
export function maxPool2x2Backward(g: PoolGeometry, x: Float64Array, dy: Float64Array, dx: Float64Array): void {
  const { h, w, ho, wo } = g;
  let cell = 0;
  for (let base = 0, end = g.planes * h * w; base < end; base += h * w) {
    for (let oh = 0; oh < ho; oh++) {
      const row = base + 2 * oh * w;
      for (let ow = 0; ow < wo; ow++) dx[winner(x, row + 2 * ow, w)] += dy[cell++];
    }
  }
}
