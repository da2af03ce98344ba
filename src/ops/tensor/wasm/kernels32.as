// AssemblyScript source of the float32 SIMD GEMM of "fast float32 mode" (compiled by
// scripts/build-wasm.ts into kernels32-wasm.ts). A second module, apart from kernels.as, so the
// float64 one stays under Chromium's 4 KB limit for synchronous compilation on the main thread.
//
// C (m×n, float32, contiguous rows of n) += A (m×k) · B (k×n), all float32, four lanes per
// instruction. Unlike kernels.as it does not reproduce the JS kernel's bits: each element is summed
// in float32 over the whole depth k, so its error is at most about (k + 2)·2⁻²⁴·Σ|a||b| (the two
// extra terms for rounding A and B to float32 on the way in).
//
// Pointers are byte addresses into this module's memory; strides count elements.

const MR: i32 = 6;
const NR: i32 = 8;
/** Depth of one packed block: an MR×KC plus a KC×NR micro-panel (14 KB) sit in L1. */
const KC: i32 = 256;
/** Rows of A per packed block (a multiple of MR): MC×KC floats (120 KB) stay in L2. */
const MC: i32 = 120;
/** Columns of B per packed block (a multiple of NR): KC×NC floats (2 MB). */
const NC: i32 = 2048;

/** Where the caller's scratch may start: past this module's static data. */
export function heapBase(): usize {
  return __heap_base;
}

/** Columns of B in its packed block: n rounded up to whole NR panels, at most NC. */
function packedColumns(n: i32): i32 {
  return min(NC, ((n + NR - 1) / NR) * NR);
}

/** Bytes of scratch `gemm` needs at `pack` (the packed blocks and an edge tile; the caller's, so each thread has its own). */
export function packBytes(n: i32): i32 {
  return (MC * KC + KC * packedColumns(n) + MR * NR) * 4;
}

/** C (m×n, row stride ldc) += A (m×k, strides ars, acs) · B (k×n, strides brs, bcs); `pack` holds packBytes(n) bytes. */
export function gemm(m: i32, n: i32, k: i32, a: usize, ars: i32, acs: i32, b: usize, brs: i32, bcs: i32, c: usize, ldc: i32, pack: usize): void {
  const ap = pack;
  const bp = pack + <usize>(MC * KC * 4);
  const edge = bp + <usize>(KC * packedColumns(n) * 4);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      packB(b, brs, bcs, pc, kc, jc, nc, bp);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        packA(a, ars, acs, ic, mc, pc, kc, ap);
        macroKernel(mc, nc, kc, ap, bp, c, ldc, ic, jc, edge);
      }
    }
  }
}

function macroKernel(mc: i32, nc: i32, kc: i32, ap: usize, bp: usize, c: usize, ldc: i32, ic: i32, jc: i32, edge: usize): void {
  for (let j0 = 0; j0 < nc; j0 += NR) {
    const cols = min(NR, nc - j0);
    const bo = bp + <usize>(j0 * kc * 4);
    for (let i0 = 0; i0 < mc; i0 += MR) {
      const rows = min(MR, mc - i0);
      const ao = ap + <usize>(i0 * kc * 4);
      const co = c + <usize>(((ic + i0) * ldc + jc + j0) * 4);
      if (rows == MR && cols == NR) {
        micro(kc, ao, bo, co, <usize>(ldc * 4));
      } else {
        memory.fill(edge, 0, MR * NR * 4);
        micro(kc, ao, bo, edge, NR * 4);
        for (let r = 0; r < rows; r++) {
          for (let j = 0; j < cols; j++) {
            const q = co + <usize>((r * ldc + j) * 4);
            store<f32>(q, load<f32>(q) + load<f32>(edge + <usize>((r * NR + j) * 4)));
          }
        }
      }
    }
  }
}

/** The 6×8 tile at c (row stride ldc bytes) += the A panel · the B panel over kc steps: twelve f32x4 sums. */
// @ts-ignore: decorator
@inline
function micro(kc: i32, a: usize, b: usize, c: usize, ldc: usize): void {
  let c00 = f32x4.splat(0),
    c01 = f32x4.splat(0),
    c10 = f32x4.splat(0),
    c11 = f32x4.splat(0),
    c20 = f32x4.splat(0),
    c21 = f32x4.splat(0),
    c30 = f32x4.splat(0),
    c31 = f32x4.splat(0),
    c40 = f32x4.splat(0),
    c41 = f32x4.splat(0),
    c50 = f32x4.splat(0),
    c51 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    let x = v128.load32_splat(a);
    c00 = f32x4.add(c00, f32x4.mul(x, b0));
    c01 = f32x4.add(c01, f32x4.mul(x, b1));
    x = v128.load32_splat(a, 4);
    c10 = f32x4.add(c10, f32x4.mul(x, b0));
    c11 = f32x4.add(c11, f32x4.mul(x, b1));
    x = v128.load32_splat(a, 8);
    c20 = f32x4.add(c20, f32x4.mul(x, b0));
    c21 = f32x4.add(c21, f32x4.mul(x, b1));
    x = v128.load32_splat(a, 12);
    c30 = f32x4.add(c30, f32x4.mul(x, b0));
    c31 = f32x4.add(c31, f32x4.mul(x, b1));
    x = v128.load32_splat(a, 16);
    c40 = f32x4.add(c40, f32x4.mul(x, b0));
    c41 = f32x4.add(c41, f32x4.mul(x, b1));
    x = v128.load32_splat(a, 20);
    c50 = f32x4.add(c50, f32x4.mul(x, b0));
    c51 = f32x4.add(c51, f32x4.mul(x, b1));
    a += MR * 4;
    b += NR * 4;
  }
  v128.store(c, f32x4.add(v128.load(c), c00));
  v128.store(c, f32x4.add(v128.load(c, 16), c01), 16);
  c += ldc;
  v128.store(c, f32x4.add(v128.load(c), c10));
  v128.store(c, f32x4.add(v128.load(c, 16), c11), 16);
  c += ldc;
  v128.store(c, f32x4.add(v128.load(c), c20));
  v128.store(c, f32x4.add(v128.load(c, 16), c21), 16);
  c += ldc;
  v128.store(c, f32x4.add(v128.load(c), c30));
  v128.store(c, f32x4.add(v128.load(c, 16), c31), 16);
  c += ldc;
  v128.store(c, f32x4.add(v128.load(c), c40));
  v128.store(c, f32x4.add(v128.load(c, 16), c41), 16);
  c += ldc;
  v128.store(c, f32x4.add(v128.load(c), c50));
  v128.store(c, f32x4.add(v128.load(c, 16), c51), 16);
}

/** Rows [ic, ic+mc) × cols [pc, pc+kc) of A into MR-row panels, k-major, zero-padded to MR rows. */
function packA(a: usize, rs: i32, cs: i32, ic: i32, mc: i32, pc: i32, kc: i32, out: usize): void {
  const step = <usize>(cs * 4);
  const r4 = <usize>(rs * 4);
  for (let i0 = 0; i0 < mc; i0 += MR) {
    const rows = min(MR, mc - i0);
    let q = a + <usize>(((ic + i0) * rs + pc * cs) * 4);
    if (rows == MR) {
      for (let p = 0; p < kc; p++) {
        store<f32>(out, load<f32>(q));
        store<f32>(out, load<f32>(q + r4), 4);
        store<f32>(out, load<f32>(q + 2 * r4), 8);
        store<f32>(out, load<f32>(q + 3 * r4), 12);
        store<f32>(out, load<f32>(q + 4 * r4), 16);
        store<f32>(out, load<f32>(q + 5 * r4), 20);
        out += MR * 4;
        q += step;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let r = 0; r < MR; r++) store<f32>(out + <usize>(r * 4), r < rows ? load<f32>(q + <usize>(r) * r4) : 0);
        out += MR * 4;
        q += step;
      }
    }
  }
}

/** Rows [pc, pc+kc) × cols [jc, jc+nc) of B into NR-column panels, k-major, zero-padded to NR columns. */
function packB(b: usize, rs: i32, cs: i32, pc: i32, kc: i32, jc: i32, nc: i32, out: usize): void {
  const step = <usize>(rs * 4);
  const c4 = <usize>(cs * 4);
  for (let j0 = 0; j0 < nc; j0 += NR) {
    const cols = min(NR, nc - j0);
    let q = b + <usize>((pc * rs + (jc + j0) * cs) * 4);
    if (cols == NR && cs == 1) {
      for (let p = 0; p < kc; p++) {
        v128.store(out, v128.load(q));
        v128.store(out, v128.load(q, 16), 16);
        out += NR * 4;
        q += step;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let j = 0; j < NR; j++) store<f32>(out + <usize>(j * 4), j < cols ? load<f32>(q + <usize>(j) * c4) : 0);
        out += NR * 4;
        q += step;
      }
    }
  }
}

/**
 * A convolution's columns in float32, as kernels/im2col.ts unfolds them in float64:
 * cols[(ch·kh + i)·kw + j][r·wo + ow] = x[ch][(oh0 + r)·sh − ph + i·dh][ow·sw − pw + j·dw], zero in
 * the padding. x is c planes of h×w floats; cols is (c·kh·kw) × (rows·wo), row-major. Each line's
 * columns that fall inside the image, [lo, hi), are found once per kernel column, so the copy
 * itself tests nothing (and is a plain memory.copy at stride 1).
 */
export function im2col(
  x: usize,
  c: i32,
  h: i32,
  w: i32,
  wo: i32,
  oh0: i32,
  rows: i32,
  kh: i32,
  kw: i32,
  sh: i32,
  sw: i32,
  ph: i32,
  pw: i32,
  dh: i32,
  dw: i32,
  cols: usize,
): void {
  let out = cols;
  for (let ch = 0; ch < c; ch++) {
    const plane = x + <usize>(ch * h * w * 4);
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const shift = j * dw - pw;
        // ow·sw + shift ∈ [0, w) for ow in [lo, hi).
        const lo = min(wo, shift >= 0 ? 0 : (sw - 1 - shift) / sw);
        const hi = max(lo, min(wo, w - shift > 0 ? (w - shift + sw - 1) / sw : 0));
        for (let r = 0; r < rows; r++) {
          const ih = (oh0 + r) * sh - ph + i * dh;
          if (ih < 0 || ih >= h) {
            memory.fill(out, 0, wo * 4);
          } else {
            memory.fill(out, 0, lo * 4);
            memory.fill(out + <usize>(hi * 4), 0, (wo - hi) * 4);
            const line = plane + <usize>((ih * w + shift) * 4);
            if (sw == 1) {
              memory.copy(out + <usize>(lo * 4), line + <usize>(lo * 4), (hi - lo) * 4);
            } else {
              for (let ow = lo; ow < hi; ow++) store<f32>(out + <usize>(ow * 4), load<f32>(line + <usize>(ow * sw * 4)));
            }
          }
          out += <usize>(wo * 4);
        }
      }
    }
  }
}

/**
 * One band of a convolution's output rows, [oh0, oh0 + rows): its columns unfolded at `cols`, then
 * C (m × rows·wo, row stride ldc) += W (m×k) · columns. A thread's whole share of a convolution,
 * so the unfolding is shared among threads as well as the product.
 */
export function convRows(
  x: usize,
  c: i32,
  h: i32,
  w: i32,
  wo: i32,
  oh0: i32,
  rows: i32,
  kh: i32,
  kw: i32,
  sh: i32,
  sw: i32,
  ph: i32,
  pw: i32,
  dh: i32,
  dw: i32,
  cols: usize,
  m: i32,
  wt: usize,
  out: usize,
  ldc: i32,
  pack: usize,
): void {
  im2col(x, c, h, w, wo, oh0, rows, kh, kw, sh, sw, ph, pw, dh, dw, cols);
  const n = rows * wo;
  const k = c * kh * kw;
  gemm(m, n, k, wt, k, 1, cols, n, 1, out, ldc, pack);
}
