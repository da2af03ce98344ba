import { gemmF32 } from '../wasm/gemm32-wasm';
import { gemmWasm } from '../wasm/gemm-wasm';
import { float32Active, recordFloat32 } from './float32';

/**
 * Float64 matrix product C += A·B, cache-blocked and register-tiled in the BLIS/GotoBLAS layout:
 * B is packed KC×NC at a time into panels NR columns wide (so a micro-panel stays in L1), A MC×KC
 * at a time into panels MR rows tall (L2), and a 4×4 micro-kernel keeps its 16 sums in locals.
 * Operands are strided views, so a transpose costs nothing: packing reads through the strides.
 */

/** A strided matrix view: element (i, j) is data[offset + i·rowStride + j·colStride]. */
export interface Matrix {
  readonly data: Float64Array;
  readonly offset: number;
  readonly rowStride: number;
  readonly colStride: number;
}

/** The matrix stored row-major with `cols` columns, starting at `offset`. */
export const mat = (data: Float64Array, cols: number, offset = 0): Matrix => ({ data, offset, rowStride: cols, colStride: 1 });

/** The transpose of the matrix stored row-major with `cols` columns, starting at `offset`. */
export const matT = (data: Float64Array, cols: number, offset = 0): Matrix => ({ data, offset, rowStride: 1, colStride: cols });

const MR = 4;
const NR = 4;
/**
 * Depth of one packed block: an MR×KC plus a KC×NR micro-panel (16 KB) sit in L1. It also fixes
 * where each element's sum is cut, so wasm/kernels.as uses the same value: change both together.
 */
const KC = 256;
/** Rows of A per packed block: MC×KC doubles (192 KB) stay in L2. */
const MC = 96;
/** Columns of B per packed block: KC×NC doubles (4 MB) stay in L3. */
const NC = 2048;

let packedA = new Float64Array(0);
let packedB = new Float64Array(0);
const edgeTile = new Float64Array(MR * NR);

/**
 * Products at least this big (m·n·k multiply-adds, every side at least WASM_MIN_SIDE) run in
 * WebAssembly SIMD, whose result is bit-identical to gemmJs, so the threshold is about speed only:
 * below it, copying the operands into the module's memory costs more than the SIMD saves
 * (measured: 8³ takes 0.8 µs in JS and 1.5 µs in WASM, 16³ 3.1 and 1.8 µs, 32³ 18.7 and 6.4 µs).
 */
const WASM_MIN_MACS = 1 << 12;
const WASM_MIN_SIDE = 4;

/** A matrix product C += A·B, as gemm and gemmJs compute it. */
export type Gemm = (m: number, n: number, k: number, a: Matrix, b: Matrix, c: Matrix) => void;

/**
 * C (m×n) += A (m×k) · B (k×n). C must not overlap A or B. In fast float32 mode (see float32.ts)
 * a big product runs in float32 SIMD instead, when that module loads.
 */
export function gemm(m: number, n: number, k: number, a: Matrix, b: Matrix, c: Matrix): void {
  const big = m * n * k >= WASM_MIN_MACS && Math.min(m, n, k) >= WASM_MIN_SIDE;
  if (big && float32Active()) {
    const error = gemmF32(m, n, k, a, b, c);
    if (error !== null) return recordFloat32(m, n, k, error);
  }
  if (!big || !gemmWasm(m, n, k, a, b, c)) gemmJs(m, n, k, a, b, c);
}

/** The plain-JS kernel: the reference the WebAssembly one reproduces, and the fallback. */
export function gemmJs(m: number, n: number, k: number, a: Matrix, b: Matrix, c: Matrix): void {
  if (m === 0 || n === 0 || k === 0) return;
  if (packedA.length < MC * KC) packedA = new Float64Array(MC * KC);
  const bSize = KC * Math.min(NC, Math.ceil(n / NR) * NR);
  if (packedB.length < bSize) packedB = new Float64Array(bSize);
  const ap = packedA;
  const bp = packedB;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      packB(b, pc, kc, jc, nc, bp);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        packA(a, ic, mc, pc, kc, ap);
        macroKernel(mc, nc, kc, ap, bp, c, ic, jc);
      }
    }
  }
}

/** Every MR×NR tile of one packed block; tiles cut by an edge go through a scratch tile. */
function macroKernel(mc: number, nc: number, kc: number, ap: Float64Array, bp: Float64Array, c: Matrix, ic: number, jc: number): void {
  const cd = c.data;
  const rs = c.rowStride;
  const cs = c.colStride;
  for (let j0 = 0; j0 < nc; j0 += NR) {
    const cols = Math.min(NR, nc - j0);
    const bo = j0 * kc;
    for (let i0 = 0; i0 < mc; i0 += MR) {
      const rows = Math.min(MR, mc - i0);
      const ao = i0 * kc;
      const co = c.offset + (ic + i0) * rs + (jc + j0) * cs;
      if (rows === MR && cols === NR && cs === 1) {
        micro4x4(kc, ap, ao, bp, bo, cd, co, rs);
      } else {
        edgeTile.fill(0);
        micro4x4(kc, ap, ao, bp, bo, edgeTile, 0, NR);
        for (let r = 0; r < rows; r++) {
          for (let j = 0; j < cols; j++) cd[co + r * rs + j * cs] += edgeTile[r * NR + j];
        }
      }
    }
  }
}

/** C[4×4 at co, row stride ldc] += Ap panel · Bp panel over kc steps. */
function micro4x4(kc: number, a: Float64Array, ao: number, b: Float64Array, bo: number, c: Float64Array, co: number, ldc: number): void {
  let c00 = 0,
    c01 = 0,
    c02 = 0,
    c03 = 0;
  let c10 = 0,
    c11 = 0,
    c12 = 0,
    c13 = 0;
  let c20 = 0,
    c21 = 0,
    c22 = 0,
    c23 = 0;
  let c30 = 0,
    c31 = 0,
    c32 = 0,
    c33 = 0;
  for (let p = 0; p < kc; p++) {
    const a0 = a[ao],
      a1 = a[ao + 1],
      a2 = a[ao + 2],
      a3 = a[ao + 3];
    const b0 = b[bo],
      b1 = b[bo + 1],
      b2 = b[bo + 2],
      b3 = b[bo + 3];
    c00 += a0 * b0;
    c01 += a0 * b1;
    c02 += a0 * b2;
    c03 += a0 * b3;
    c10 += a1 * b0;
    c11 += a1 * b1;
    c12 += a1 * b2;
    c13 += a1 * b3;
    c20 += a2 * b0;
    c21 += a2 * b1;
    c22 += a2 * b2;
    c23 += a2 * b3;
    c30 += a3 * b0;
    c31 += a3 * b1;
    c32 += a3 * b2;
    c33 += a3 * b3;
    ao += MR;
    bo += NR;
  }
  c[co] += c00;
  c[co + 1] += c01;
  c[co + 2] += c02;
  c[co + 3] += c03;
  co += ldc;
  c[co] += c10;
  c[co + 1] += c11;
  c[co + 2] += c12;
  c[co + 3] += c13;
  co += ldc;
  c[co] += c20;
  c[co + 1] += c21;
  c[co + 2] += c22;
  c[co + 3] += c23;
  co += ldc;
  c[co] += c30;
  c[co + 1] += c31;
  c[co + 2] += c32;
  c[co + 3] += c33;
}

/** Rows [ic, ic+mc) × cols [pc, pc+kc) of A into MR-row panels, k-major, zero-padded to MR rows. */
function packA(a: Matrix, ic: number, mc: number, pc: number, kc: number, out: Float64Array): void {
  const d = a.data;
  const rs = a.rowStride;
  const cs = a.colStride;
  let o = 0;
  for (let i0 = 0; i0 < mc; i0 += MR) {
    const rows = Math.min(MR, mc - i0);
    let q = a.offset + (ic + i0) * rs + pc * cs;
    if (rows === MR) {
      for (let p = 0; p < kc; p++) {
        out[o] = d[q];
        out[o + 1] = d[q + rs];
        out[o + 2] = d[q + 2 * rs];
        out[o + 3] = d[q + 3 * rs];
        o += MR;
        q += cs;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let r = 0; r < MR; r++) out[o + r] = r < rows ? d[q + r * rs] : 0;
        o += MR;
        q += cs;
      }
    }
  }
}

/** Rows [pc, pc+kc) × cols [jc, jc+nc) of B into NR-column panels, k-major, zero-padded to NR columns. */
function packB(b: Matrix, pc: number, kc: number, jc: number, nc: number, out: Float64Array): void {
  const d = b.data;
  const rs = b.rowStride;
  const cs = b.colStride;
  let o = 0;
  for (let j0 = 0; j0 < nc; j0 += NR) {
    const cols = Math.min(NR, nc - j0);
    let q = b.offset + pc * rs + (jc + j0) * cs;
    if (cols === NR) {
      for (let p = 0; p < kc; p++) {
        out[o] = d[q];
        out[o + 1] = d[q + cs];
        out[o + 2] = d[q + 2 * cs];
        out[o + 3] = d[q + 3 * cs];
        o += NR;
        q += rs;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let j = 0; j < NR; j++) out[o + j] = j < cols ? d[q + j * cs] : 0;
        o += NR;
        q += rs;
      }
    }
  }
}
