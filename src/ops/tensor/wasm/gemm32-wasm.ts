import type { Matrix } from '../kernels/gemm';
import { copyIn, staged, type Staged } from './gemm-wasm';
import { KERNELS32_WASM_BASE64 } from './kernels32-wasm';
import { lazyKernels, regions, type GemmHead } from './runtime';
import { GEMM32, productBands, runBands, type Band } from './threads';

/** The head of an im2col call: the image's address and sizes, the band of output rows, the window. */
type Im2colHead = [
  x: number,
  c: number,
  h: number,
  w: number,
  wo: number,
  oh0: number,
  rows: number,
  kh: number,
  kw: number,
  sh: number,
  sw: number,
  ph: number,
  pw: number,
  dh: number,
  dw: number,
];

/** The exports of kernels32.as; pointers are byte addresses into `memory`, strides count elements. */
export interface Kernels32 {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
  packBytes(n: number): number;
  gemm(...args: [...GemmHead, ldc: number, pack: number]): void;
  im2col(...args: [...Im2colHead, cols: number]): void;
  /** im2col of output rows [oh0, oh0 + rows) at cols, then C (row stride ldc) += W (m×k) · them: one thread's share. */
  convRows(...args: [...Im2colHead, cols: number, m: number, wt: number, out: number, ldc: number, pack: number]): void;
}

const f32 = lazyKernels<Kernels32>(KERNELS32_WASM_BASE64);

/**
 * The float32 module, made on first use (only fast float32 mode calls it). At 3.1 KB it is under
 * Chromium's 4 KB limit too (tests/unit/wasm-build.test.ts checks), so it compiles synchronously
 * on any thread; null where WebAssembly SIMD is missing.
 */
export const kernels32 = f32.get;
export const replaceKernels32 = f32.replace;

/** kernels32.as's micro-tile: bands of C are whole tiles. */
const MR = 6;
const NR = 8;

/** The bands `gemm32` shares C (m×n) in, each needing its own packBytes(n) of scratch. */
export const bands32 = (m: number, n: number, k: number, most?: number): Band[] => productBands(m, n, k, MR, NR, most);

/**
 * C (m×n at c, row stride ldc) += A · B in the float32 module, each band of `bands` (from bands32)
 * on its own thread with its own scratch `packs[t]`. Pointers are byte addresses, strides elements.
 */
export function gemm32(
  w: Kernels32,
  bands: readonly Band[],
  k: number,
  a: number,
  ars: number,
  acs: number,
  b: number,
  brs: number,
  bcs: number,
  c: number,
  ldc: number,
  packs: readonly number[],
): void {
  const args = bands.map(({ i0, rows, j0, cols }, t) => [
    rows,
    cols,
    k,
    a + i0 * ars * 4,
    ars,
    acs,
    b + j0 * bcs * 4,
    brs,
    bcs,
    c + (i0 * ldc + j0) * 4,
    ldc,
    packs[t],
  ]);
  runBands(GEMM32, args, w.gemm);
}

/** Entries of each product checked against a float64 dot product: cheap (SAMPLES·k multiply-adds) beside m·n·k. */
export const SAMPLES = 8;

const at = (x: Matrix, i: number, j: number): number => x.data[x.offset + i * x.rowStride + j * x.colStride];

/**
 * The largest |c32 − c| / Σ|a·b| over SAMPLES entries spread through the product, c and Σ|a·b| in
 * float64: the error relative to the scale the float32 bound (k + 2)·2⁻²⁴·Σ|a·b| is stated in.
 */
function sampledError(m: number, n: number, k: number, a: Matrix, b: Matrix, c32: Float32Array): number {
  let worst = 0;
  const cells = m * n;
  for (let t = 0; t < Math.min(SAMPLES, cells); t++) {
    const idx = Math.floor(((t + 0.5) * cells) / Math.min(SAMPLES, cells));
    const i = Math.floor(idx / n);
    const j = idx % n;
    let dot = 0;
    let scale = 0;
    for (let p = 0; p < k; p++) {
      const x = at(a, i, p) * at(b, p, j);
      dot += x;
      scale += Math.abs(x);
    }
    if (scale > 0) worst = Math.max(worst, Math.abs(c32[i * n + j] - dot) / scale);
  }
  return worst;
}

function addInto(c: Matrix, m: number, n: number, c32: Float32Array): void {
  const d = c.data;
  for (let i = 0; i < m; i++) {
    const row = c.offset + i * c.rowStride;
    for (let j = 0; j < n; j++) d[row + j * c.colStride] += c32[i * n + j];
  }
}

/**
 * C (m×n) += A (m×k) · B (k×n) with the product in float32 SIMD: A and B rounded to float32 into
 * the module's memory, the product summed there in float32, then added to C in float64. Returns
 * the sampled error (see sampledError), or null, having done nothing, when the module is
 * unavailable or the working set is too big for it.
 */
export function gemmF32(m: number, n: number, k: number, a: Matrix, b: Matrix, c: Matrix): number | null {
  const w = kernels32();
  if (!w) return null;
  const sa = staged(a, m, k);
  const sb = staged(b, k, n);
  const size = (s: Staged) => s.lines * s.length;
  const bands = bands32(m, n, k);
  const place = regions(w, [size(sa) * 4, size(sb) * 4, m * n * 4, ...bands.map(() => w.packBytes(n))]);
  if (!place) return null;
  const [aPtr, bPtr, cPtr, ...packs] = place;
  const buf = w.memory.buffer;
  copyIn(sa, a.data, new Float32Array(buf, aPtr, size(sa)));
  copyIn(sb, b.data, new Float32Array(buf, bPtr, size(sb)));
  const c32 = new Float32Array(buf, cPtr, m * n);
  c32.fill(0);
  gemm32(w, bands, k, aPtr, sa.rowStride, sa.colStride, bPtr, sb.rowStride, sb.colStride, cPtr, n, packs);
  addInto(c, m, n, c32);
  return sampledError(m, n, k, a, b, c32);
}
