import type { ConvGeometry } from '../kernels/conv2d';
import { recordFloat32 } from '../kernels/float32';
import { bands32, gemm32, kernels32, SAMPLES } from './gemm32-wasm';
import { regions } from './runtime';

/** Floats per band of columns (2 MB), as kernels/conv2d.ts bands its float64 ones. */
const COLUMN_BUDGET = 1 << 19;

/**
 * The largest |y32 − y64| / Σ|w·x| over SAMPLES outputs of one band, each recomputed in float64
 * from the float64 weights and image (the columns read straight from the image).
 */
function sampledError(
  g: ConvGeometry,
  x: Float64Array,
  xOff: number,
  wt: Float64Array,
  wOff: number,
  oh0: number,
  n: number,
  c32: Float32Array,
): number {
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
    const oh = oh0 + Math.floor(col / g.wo);
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
 * y += W ⋆ x in float32 (fast float32 mode): per image and group, the image and the weights are
 * rounded to float32 into the module's memory, unfolded there a band of output rows at a time
 * (kernels32.as's im2col), multiplied by the float32 GEMM and added to y in float64; each band's
 * product is reported with its sampled error. False, having done nothing, when the module is
 * unavailable or the working set does not fit it.
 */
export function conv2dForwardF32(g: ConvGeometry, x: Float64Array, wt: Float64Array, y: Float64Array): boolean {
  const w = kernels32();
  if (!w) return false;
  const { kh, kw, sh, sw, ph, pw, dh, dw } = g.win;
  const cg = g.cin / g.groups;
  const m = g.cout / g.groups;
  const k = cg * kh * kw;
  const hw = g.ho * g.wo;
  const step = Math.max(1, Math.floor(COLUMN_BUDGET / (k * g.wo)));
  const bandMax = Math.min(step, g.ho) * g.wo;
  const threads = bands32(m, bandMax, k).length;
  const place = regions(w, [
    cg * g.h * g.w * 4,
    m * k * 4,
    k * bandMax * 4,
    m * bandMax * 4,
    ...Array.from({ length: threads }, () => w.packBytes(bandMax)),
  ]);
  if (!place) return false;
  const [xPtr, wPtr, colPtr, cPtr, ...packs] = place;
  const buf = w.memory.buffer;
  const x32 = new Float32Array(buf, xPtr, cg * g.h * g.w);
  const w32 = new Float32Array(buf, wPtr, m * k);
  for (let img = 0; img < g.n; img++) {
    for (let gi = 0; gi < g.groups; gi++) {
      const xOff = (img * g.cin + gi * cg) * g.h * g.w;
      const wOff = gi * m * k;
      const yOff = (img * g.cout + gi * m) * hw;
      x32.set(x.subarray(xOff, xOff + x32.length));
      w32.set(wt.subarray(wOff, wOff + w32.length));
      for (let oh0 = 0; oh0 < g.ho; oh0 += step) {
        const rows = Math.min(step, g.ho - oh0);
        const n = rows * g.wo;
        w.im2col(xPtr, cg, g.h, g.w, g.wo, oh0, rows, kh, kw, sh, sw, ph, pw, dh, dw, colPtr);
        const c32 = new Float32Array(buf, cPtr, m * n);
        c32.fill(0);
        gemm32(w, bands32(m, n, k, packs.length), k, wPtr, k, 1, colPtr, n, 1, cPtr, n, packs);
        for (let co = 0; co < m; co++) {
          const at = yOff + co * hw + oh0 * g.wo;
          for (let t = 0; t < n; t++) y[at + t] += c32[co * n + t];
        }
        recordFloat32(m, n, k, sampledError(g, x, xOff, wt, wOff, oh0, n, c32));
      }
    }
  }
  return true;
}
