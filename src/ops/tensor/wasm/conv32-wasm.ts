import type { ConvGeometry } from '../kernels/conv2d';
import { recordFloat32 } from '../kernels/float32';
import { kernels32, SAMPLES } from './gemm32-wasm';
import { regions } from './runtime';
import { CONV_ROWS32, runBands, threadsFor } from './threads';

/** Floats per band of columns (2 MB), as kernels/conv2d.ts bands its float64 ones. */
const COLUMN_BUDGET = 1 << 19;

/**
 * The largest |y32 − y64| / Σ|w·x| over SAMPLES outputs of one image and group, each recomputed in float64
 * from the float64 weights and image (the columns read straight from the image).
 */
function sampledError(g: ConvGeometry, x: Float64Array, xOff: number, wt: Float64Array, wOff: number, c32: Float32Array): number {
  const n = g.ho * g.wo;
  const { kh, kw, sh, sw, ph, pw, dh, dw } = g.win;
  const cg = g.cin / g.groups;
  const m = g.cout / g.groups;
  const k = cg * kh * kw;
  let worst = 0;
  const cells = m * n;
  for (let t = 0; t < Math.min(SAMPLES, cells); t++) {
    const idx = Math.floor(((t + 0.5) * cells) / Math.min(SAMPLES, cells));
    const co = Math.floor(idx / n);
    const col = idx % n;
    const oh = Math.floor(col / g.wo);
    const ow = col % g.wo;
    let dot = 0;
    let scale = 0;
    for (let p = 0; p < k; p++) {
      const ch = Math.floor(p / (kh * kw));
      const i = Math.floor(p / kw) % kh;
      const j = p % kw;
      const ih = oh * sh - ph + i * dh;
      const iw = ow * sw - pw + j * dw;
      if (ih < 0 || ih >= g.h || iw < 0 || iw >= g.w) continue;
      const v = wt[wOff + co * k + p] * x[xOff + (ch * g.h + ih) * g.w + iw];
      dot += v;
      scale += Math.abs(v);
    }
    if (scale > 0) worst = Math.max(worst, Math.abs(c32[co * n + col] - dot) / scale);
  }
  return worst;
}

/**
 * Bands of output rows for `threads` threads: as many rows per band as the column budget allows,
 * and a whole number of bands per thread, as even as the rows allow.
 */
export function rowBands(g: ConvGeometry, k: number, threads: number): [number, number][] {
  const fit = Math.max(1, Math.floor(COLUMN_BUDGET / (k * g.wo)));
  const count = Math.min(g.ho, Math.ceil(Math.ceil(g.ho / fit) / threads) * threads);
  return Array.from({ length: count }, (_, b): [number, number] => {
    const start = Math.floor((b * g.ho) / count);
    return [start, Math.floor(((b + 1) * g.ho) / count) - start];
  });
}

/**
 * y += W ⋆ x in float32 (fast float32 mode): per image and group, the image and the weights are
 * rounded to float32 into the module's memory; then bands of output rows are unfolded there
 * (kernels32.as's im2col) and multiplied by the float32 GEMM, one band per thread at a time
 * (convRows), into a float32 output added to y in float64. Each image and group's product is
 * reported with its sampled error. False, having done nothing, when the module is unavailable or
 * the working set does not fit it.
 */
export function conv2dForwardF32(g: ConvGeometry, x: Float64Array, wt: Float64Array, y: Float64Array): boolean {
  const w = kernels32();
  if (!w) return false;
  const { kh, kw, sh, sw, ph, pw, dh, dw } = g.win;
  const cg = g.cin / g.groups;
  const m = g.cout / g.groups;
  const k = cg * kh * kw;
  const hw = g.ho * g.wo;
  const threads = threadsFor(m * k * hw);
  const bands = rowBands(g, k, threads);
  const widest = Math.max(...bands.map(([, rows]) => rows)) * g.wo;
  const scratch = Array.from({ length: threads }, () => [k * widest * 4, w.packBytes(widest)]).flat();
  const place = regions(w, [cg * g.h * g.w * 4, m * k * 4, m * hw * 4, ...scratch]);
  if (!place) return false;
  const [xPtr, wPtr, cPtr, ...own] = place;
  const buf = w.memory.buffer;
  const x32 = new Float32Array(buf, xPtr, cg * g.h * g.w);
  const w32 = new Float32Array(buf, wPtr, m * k);
  const c32 = new Float32Array(buf, cPtr, m * hw);
  for (let img = 0; img < g.n; img++) {
    for (let gi = 0; gi < g.groups; gi++) {
      const xOff = (img * g.cin + gi * cg) * g.h * g.w;
      const wOff = gi * m * k;
      const yOff = (img * g.cout + gi * m) * hw;
      x32.set(x.subarray(xOff, xOff + x32.length));
      w32.set(wt.subarray(wOff, wOff + w32.length));
      c32.fill(0);
      for (let b0 = 0; b0 < bands.length; b0 += threads) {
        const round = bands.slice(b0, b0 + threads).map(([oh0, rows], t) => {
          const [cols, pack] = [own[2 * t], own[2 * t + 1]];
          return [xPtr, cg, g.h, g.w, g.wo, oh0, rows, kh, kw, sh, sw, ph, pw, dh, dw, cols, m, wPtr, cPtr + oh0 * g.wo * 4, hw, pack];
        });
        runBands(CONV_ROWS32, round, w.convRows);
      }
      for (let i = 0; i < m * hw; i++) y[yOff + i] += c32[i];
      recordFloat32(m, hw, k, sampledError(g, x, xOff, wt, wOff, c32));
    }
  }
  return true;
}
