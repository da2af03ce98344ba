import { avgPoolWasm, maxPoolWasm } from '../wasm/pool-wasm';
import { maxPool2x2Backward, maxPool2x2Forward, tiles2x2 } from './pool2x2';

/**
 * The windows of a pool along one axis, per output position o: the first input index it reads,
 * how many it reads (`count`, `step` apart: the dilation) and how many cells it spans counting
 * the padding (`padded`, average pooling's divisor with count_include_pad).
 */
export interface AxisWindows {
  readonly first: Int32Array;
  readonly count: Int32Array;
  readonly padded: Int32Array;
  readonly step: number;
}

/** Sizes for pooling `planes` independent H×W planes (N·C of them) into Ho×Wo each. */
export interface PoolGeometry {
  readonly planes: number;
  readonly h: number;
  readonly w: number;
  readonly ho: number;
  readonly wo: number;
  readonly rows: AxisWindows;
  readonly cols: AxisWindows;
}

/**
 * A sliding window (kernel k, stride s, padding p, dilation d) cut to the input: the taps
 * o·s − p + i·d for i < k that land in [0, n). The padded span ends at n + p, as PyTorch's
 * avg_pool2d counts it, so a ceil-mode window hanging past the padding is not divided by its overhang.
 */
export function slidingAxis(outLen: number, n: number, k: number, s: number, p: number, d: number): AxisWindows {
  const first = new Int32Array(outLen);
  const count = new Int32Array(outLen);
  const padded = new Int32Array(outLen);
  for (let o = 0; o < outLen; o++) {
    const start = o * s - p;
    const i0 = start < 0 ? Math.ceil(-start / d) : 0;
    const i1 = Math.min(k, Math.ceil((n - start) / d));
    first[o] = start + i0 * d;
    count[o] = Math.max(0, i1 - i0);
    padded[o] = Math.min(start + k, n + p) - start;
  }
  return { first, count, padded, step: d };
}

/** PyTorch's adaptive pooling windows: [⌊o·n/out⌋, ⌈(o + 1)·n/out⌉), which may overlap by one. */
export function adaptiveAxis(outLen: number, n: number): AxisWindows {
  const first = new Int32Array(outLen);
  const count = new Int32Array(outLen);
  for (let o = 0; o < outLen; o++) {
    first[o] = Math.floor((o * n) / outLen);
    count[o] = Math.ceil(((o + 1) * n) / outLen) - first[o];
  }
  return { first, count, padded: count, step: 1 };
}

/**
 * The input index of a window's maximum: the first one in scan order on ties, the last NaN if any
 * (as PyTorch's CPU kernel). Branch-free, because on real data "is this the new maximum?" is a
 * coin flip the branch predictor keeps losing; selecting the index arithmetically is about 1.5× faster.
 */
function argmax(x: Float64Array, w: number, base: number, r0: number, rn: number, dr: number, c0: number, cn: number, dc: number): number {
  let at = base + r0 * w + c0;
  let best = x[at];
  for (let a = 0; a < rn; a++) {
    const row = base + (r0 + a * dr) * w + c0;
    for (let q = row, end = row + cn * dc; q < end; q += dc) {
      const v = x[q];
      at += (Number(v > best) | Number(v !== v)) * (q - at);
      best = x[at];
    }
  }
  return at;
}

/**
 * Finds every window's maximum and, by `use`, writes its value to `out`, its index within the
 * plane to `out`, or adds `dy` of the cell to `out` there. One loop for the three, with a branch
 * the predictor always gets right, rather than a callback per cell.
 */
function scan(g: PoolGeometry, x: Float64Array, use: 'value' | 'index' | 'grad', out: Float64Array | Int32Array, dy?: Float64Array): void {
  const { h, w, ho, wo, rows, cols } = g;
  const plane = h * w;
  let cell = 0;
  for (let base = 0, end = g.planes * plane; base < end; base += plane) {
    for (let oh = 0; oh < ho; oh++) {
      const r0 = rows.first[oh];
      const rn = rows.count[oh];
      for (let ow = 0; ow < wo; ow++) {
        const at = argmax(x, w, base, r0, rn, rows.step, cols.first[ow], cols.count[ow], cols.step);
        if (use === 'value') out[cell] = x[at];
        else if (use === 'index') out[cell] = at - base;
        else out[at] += (dy as Float64Array)[cell];
        cell++;
      }
    }
  }
}

/**
 * Inputs at least this big run in WebAssembly SIMD (bit-identical: the same scan, two planes per
 * step); below it, copying into the module's memory costs more than it saves.
 */
const WASM_MIN_INPUT = 1024;

/** y = max over each window; padding never wins (it counts as −∞). */
export function maxPoolForward(g: PoolGeometry, x: Float64Array, y: Float64Array): void {
  if (tiles2x2(g)) maxPool2x2Forward(g, x, y);
  else if (x.length < WASM_MIN_INPUT || !maxPoolWasm(g, x, y)) maxPoolForwardJs(g, x, y);
}

/** The plain-JS forward: the reference the WebAssembly one reproduces, and the fallback. */
export function maxPoolForwardJs(g: PoolGeometry, x: Float64Array, y: Float64Array): void {
  scan(g, x, 'value', y);
}

/** Which input won each window, as an index within its H×W plane (PyTorch's return_indices). */
export function maxPoolIndices(g: PoolGeometry, x: Float64Array): Int32Array {
  const out = new Int32Array(g.planes * g.ho * g.wo);
  scan(g, x, 'index', out);
  return out;
}

/** Adds each window's gradient to its argmax, found again rather than stored. `dx` must be zero-filled. */
export function maxPoolBackward(g: PoolGeometry, x: Float64Array, dy: Float64Array, dx: Float64Array): void {
  if (tiles2x2(g)) maxPool2x2Backward(g, x, dy, dx);
  else if (x.length < WASM_MIN_INPUT || !maxPoolWasm(g, x, dx, dy)) maxPoolBackwardJs(g, x, dy, dx);
}

/** The plain-JS backward: the reference and the fallback. */
export function maxPoolBackwardJs(g: PoolGeometry, x: Float64Array, dy: Float64Array, dx: Float64Array): void {
  scan(g, x, 'grad', dx, dy);
}

/** The divisor of a window: every cell it spans with the padding, or only the input cells it reads. */
const divisor = (g: PoolGeometry, oh: number, ow: number, includePad: boolean): number =>
  includePad ? g.rows.padded[oh] * g.cols.padded[ow] : g.rows.count[oh] * g.cols.count[ow];

/** y = window sum / divisor (average pooling has no dilation: windows are contiguous). */
export function avgPoolForward(g: PoolGeometry, x: Float64Array, y: Float64Array, includePad: boolean): void {
  if (x.length < WASM_MIN_INPUT || !avgPoolWasm(g, x, y, includePad)) avgPoolForwardJs(g, x, y, includePad);
}

/** The plain-JS forward: the reference the WebAssembly one reproduces, and the fallback. */
export function avgPoolForwardJs(g: PoolGeometry, x: Float64Array, y: Float64Array, includePad: boolean): void {
  const { h, w, ho, wo, rows, cols } = g;
  let cell = 0;
  for (let base = 0, end = g.planes * h * w; base < end; base += h * w) {
    for (let oh = 0; oh < ho; oh++) {
      const i0 = rows.first[oh];
      const i1 = i0 + rows.count[oh];
      for (let ow = 0; ow < wo; ow++) {
        const j0 = cols.first[ow];
        const j1 = j0 + cols.count[ow];
        let sum = 0;
        for (let i = i0; i < i1; i++) {
          for (let q = base + i * w + j0, qEnd = q + j1 - j0; q < qEnd; q++) sum += x[q];
        }
        y[cell++] = sum / divisor(g, oh, ow, includePad);
      }
    }
  }
}

/** Spreads each window's gradient equally, 1/divisor to every input cell it reads. `dx` must be zero-filled. */
export function avgPoolBackward(g: PoolGeometry, dy: Float64Array, dx: Float64Array, includePad: boolean): void {
  if (dx.length < WASM_MIN_INPUT || !avgPoolWasm(g, undefined, dx, includePad, dy)) avgPoolBackwardJs(g, dy, dx, includePad);
}

/** The plain-JS backward: the reference and the fallback. */
export function avgPoolBackwardJs(g: PoolGeometry, dy: Float64Array, dx: Float64Array, includePad: boolean): void {
  const { h, w, ho, wo, rows, cols } = g;
  let cell = 0;
  for (let base = 0, end = g.planes * h * w; base < end; base += h * w) {
    for (let oh = 0; oh < ho; oh++) {
      const i0 = rows.first[oh];
      const i1 = i0 + rows.count[oh];
      for (let ow = 0; ow < wo; ow++) {
        const j0 = cols.first[ow];
        const j1 = j0 + cols.count[ow];
        const share = dy[cell++] / divisor(g, oh, ow, includePad);
        for (let i = i0; i < i1; i++) {
          for (let q = base + i * w + j0, qEnd = q + j1 - j0; q < qEnd; q++) dx[q] += share;
        }
      }
    }
  }
}
