import type { Window2d } from './window';

/** Sizes for pooling `planes` independent H×W planes (N·C of them) into Ho×Wo each. */
export interface PoolGeometry {
  readonly planes: number;
  readonly h: number;
  readonly w: number;
  readonly ho: number;
  readonly wo: number;
  readonly win: Window2d;
}

/**
 * Calls `f` for every output cell with the window clipped to the input (padding never contributes).
 * The cell index runs over planes × Ho × Wo; `base` is the offset of the plane in the input.
 */
function forEachWindow(
  g: PoolGeometry,
  f: (cell: number, base: number, i0: number, i1: number, j0: number, j1: number) => void,
): void {
  const { h, w, ho, wo } = g;
  const { kh, kw, sh, sw, ph, pw } = g.win;
  let cell = 0;
  for (let pl = 0; pl < g.planes; pl++) {
    const base = pl * h * w;
    for (let oh = 0; oh < ho; oh++) {
      const top = oh * sh - ph;
      const i0 = Math.max(0, top);
      const i1 = Math.min(h, top + kh);
      for (let ow = 0; ow < wo; ow++) {
        const left = ow * sw - pw;
        f(cell++, base, i0, i1, Math.max(0, left), Math.min(w, left + kw));
      }
    }
  }
}

/** The input index of a window's maximum: the first one on ties, a NaN if any (as PyTorch). */
function argmax(x: Float64Array, w: number, base: number, i0: number, i1: number, j0: number, j1: number): number {
  let best = -Infinity;
  let at = base + i0 * w + j0;
  for (let i = i0; i < i1; i++) {
    const row = base + i * w;
    for (let j = j0; j < j1; j++) {
      const v = x[row + j];
      if (v > best || v !== v) {
        best = v;
        at = row + j;
      }
    }
  }
  return at;
}

/** y = max over each window, padding counting as −∞. */
export function maxPoolForward(g: PoolGeometry, x: Float64Array, y: Float64Array): void {
  forEachWindow(g, (cell, base, i0, i1, j0, j1) => {
    y[cell] = x[argmax(x, g.w, base, i0, i1, j0, j1)];
  });
}

/** Adds each window's gradient to its argmax, found again rather than stored. `dx` must be zero-filled. */
export function maxPoolBackward(g: PoolGeometry, x: Float64Array, dy: Float64Array, dx: Float64Array): void {
  forEachWindow(g, (cell, base, i0, i1, j0, j1) => {
    dx[argmax(x, g.w, base, i0, i1, j0, j1)] += dy[cell];
  });
}

/** y = window sum / (kh·kw): padded cells count as zeros (PyTorch's count_include_pad=True). */
export function avgPoolForward(g: PoolGeometry, x: Float64Array, y: Float64Array): void {
  const area = g.win.kh * g.win.kw;
  forEachWindow(g, (cell, base, i0, i1, j0, j1) => {
    let s = 0;
    for (let i = i0; i < i1; i++) {
      const row = base + i * g.w;
      for (let j = j0; j < j1; j++) s += x[row + j];
    }
    y[cell] = s / area;
  });
}

/** Spreads each window's gradient equally, 1/(kh·kw) to every cell it covers. `dx` must be zero-filled. */
export function avgPoolBackward(g: PoolGeometry, dy: Float64Array, dx: Float64Array): void {
  const area = g.win.kh * g.win.kw;
  forEachWindow(g, (cell, base, i0, i1, j0, j1) => {
    const share = dy[cell] / area;
    for (let i = i0; i < i1; i++) {
      const row = base + i * g.w;
      for (let j = j0; j < j1; j++) dx[row + j] += share;
    }
  });
}
