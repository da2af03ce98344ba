import type { Window2d } from './window';

/** One image and the output rows [oh0, oh0 + rows) of a convolution over it. */
export interface ColumnBlock {
  /** Input channels, height and width. */
  readonly c: number;
  readonly h: number;
  readonly w: number;
  /** Output width, and the first output row and row count the block covers. */
  readonly wo: number;
  readonly oh0: number;
  readonly rows: number;
}

/**
 * Unfolds windows into columns: cols[(ch·kh + i)·kw + j][r·wo + ow] = x[ch][(oh0 + r)·sh − ph + i·dh][ow·sw − pw + j·dw],
 * zero where the window hangs over the padding. `cols` is (C·kh·kw) × (rows·wo), row-major.
 * At stride 1 along W each row of a column is one contiguous run of the input (see im2colUnitStride).
 */
export function im2col(x: Float64Array, xOff: number, b: ColumnBlock, win: Window2d, cols: Float64Array): void {
  if (win.sw === 1) im2colUnitStride(x, xOff, b, win, cols);
  else im2colAnyStride(x, xOff, b, win, cols);
}

/** The adjoint of im2col: adds every column entry back onto the input pixel it was copied from. */
export function col2im(cols: Float64Array, b: ColumnBlock, win: Window2d, dx: Float64Array, dxOff: number): void {
  if (win.sw === 1) col2imUnitStride(cols, b, win, dx, dxOff);
  else col2imAnyStride(cols, b, win, dx, dxOff);
}

/** im2col for every window, one element at a time: the general path, and the reference the unit-stride path is tested against. */
export function im2colAnyStride(x: Float64Array, xOff: number, b: ColumnBlock, win: Window2d, cols: Float64Array): void {
  const { c, h, w, wo, oh0, rows } = b;
  const { kh, kw, sh, sw, ph, pw, dh, dw } = win;
  const n = rows * wo;
  let dst = 0;
  for (let ch = 0; ch < c; ch++) {
    const plane = xOff + ch * h * w;
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const jd = j * dw;
        const lo = validFrom(jd, sw, pw, wo);
        const hi = validTo(jd, sw, pw, w, wo, lo);
        for (let r = 0; r < rows; r++) {
          const ih = (oh0 + r) * sh - ph + i * dh;
          const o = dst + r * wo;
          if (ih < 0 || ih >= h) {
            cols.fill(0, o, o + wo);
            continue;
          }
          const src = plane + ih * w - pw + jd;
          for (let ow = 0; ow < lo; ow++) cols[o + ow] = 0;
          for (let ow = lo; ow < hi; ow++) cols[o + ow] = x[src + ow * sw];
          for (let ow = hi; ow < wo; ow++) cols[o + ow] = 0;
        }
        dst += n;
      }
    }
  }
}

/** col2im for every window, one element at a time: the general path, and the reference the unit-stride path is tested against. */
export function col2imAnyStride(cols: Float64Array, b: ColumnBlock, win: Window2d, dx: Float64Array, dxOff: number): void {
  const { c, h, w, wo, oh0, rows } = b;
  const { kh, kw, sh, sw, ph, pw, dh, dw } = win;
  const n = rows * wo;
  let src = 0;
  for (let ch = 0; ch < c; ch++) {
    const plane = dxOff + ch * h * w;
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const jd = j * dw;
        const lo = validFrom(jd, sw, pw, wo);
        const hi = validTo(jd, sw, pw, w, wo, lo);
        for (let r = 0; r < rows; r++) {
          const ih = (oh0 + r) * sh - ph + i * dh;
          if (ih < 0 || ih >= h) continue;
          const o = src + r * wo;
          const dst = plane + ih * w - pw + jd;
          for (let ow = lo; ow < hi; ow++) dx[dst + ow * sw] += cols[o + ow];
        }
        src += n;
      }
    }
  }
}

/**
 * Below this many elements a row is copied by a loop: `set` on a subarray costs an allocation,
 * which a short row (a late VGG stage is 40 wide) does not repay.
 */
const SET_MIN = 64;

/**
 * im2col at stride 1 along W. A column's valid rows are contiguous runs of the input, copied with
 * `set`, and its padded rows and border columns are zero-filled. When an output row is exactly as
 * far from the next as its input row is (sh·w = wo: stride 1 with "same" padding, as in VGG), the
 * valid rows of a column are one run of the input: one copy, then the border columns zeroed.
 */
function im2colUnitStride(x: Float64Array, xOff: number, b: ColumnBlock, win: Window2d, cols: Float64Array): void {
  const { c, h, w, wo, oh0, rows } = b;
  const { kh, kw, sh, ph, pw, dh, dw } = win;
  const n = rows * wo;
  const flat = sh * w === wo;
  let dst = 0;
  for (let ch = 0; ch < c; ch++) {
    const plane = xOff + ch * h * w;
    for (let i = 0; i < kh; i++) {
      const [r0, r1] = validRows(i * dh, b, sh, ph);
      for (let j = 0; j < kw; j++) {
        const jd = j * dw;
        const lo = validFrom(jd, 1, pw, wo);
        const hi = validTo(jd, 1, pw, w, wo, lo);
        const last = hi > lo ? r1 : r0;
        cols.fill(0, dst, dst + r0 * wo);
        cols.fill(0, dst + last * wo, dst + n);
        // x index of output row r0's column 0 (outside the input when the border is padding).
        const src0 = plane + ((oh0 + r0) * sh - ph + i * dh) * w - pw + jd;
        if (flat && last > r0) {
          const o = dst + r0 * wo;
          cols.set(x.subarray(src0 + lo, src0 + (last - 1 - r0) * wo + hi), o + lo);
          if (lo > 0 || hi < wo) {
            for (let r = o, end = o + (last - r0) * wo; r < end; r += wo) {
              for (let ow = 0; ow < lo; ow++) cols[r + ow] = 0;
              for (let ow = hi; ow < wo; ow++) cols[r + ow] = 0;
            }
          }
        } else {
          for (let r = r0; r < last; r++) {
            const o = dst + r * wo;
            const src = src0 + (r - r0) * sh * w;
            for (let ow = 0; ow < lo; ow++) cols[o + ow] = 0;
            if (hi - lo >= SET_MIN) cols.set(x.subarray(src + lo, src + hi), o + lo);
            else for (let ow = lo; ow < hi; ow++) cols[o + ow] = x[src + ow];
            for (let ow = hi; ow < wo; ow++) cols[o + ow] = 0;
          }
        }
        dst += n;
      }
    }
  }
}

/**
 * col2im at stride 1 along W, one dx row at a time: the kernel columns j that add onto a row are
 * taken together, so where all kw land (the row's interior) each pixel is read and written once
 * for its kw sums instead of kw times. A pixel still gets its sums in the general path's order:
 * by kernel row i, then kernel column j (its output row being fixed by i, its column by j).
 */
function col2imUnitStride(cols: Float64Array, b: ColumnBlock, win: Window2d, dx: Float64Array, dxOff: number): void {
  const { c, h, w, wo, oh0, rows } = b;
  const { kh, kw, sh, ph, pw, dh, dw } = win;
  const n = rows * wo;
  // Per kernel column j, the dx columns it reaches: [lo_j, hi_j) shifted by j·dw − pw.
  const from = new Int32Array(kw);
  const to = new Int32Array(kw);
  for (let j = 0; j < kw; j++) {
    const lo = validFrom(j * dw, 1, pw, wo);
    const hi = validTo(j * dw, 1, pw, w, wo, lo);
    from[j] = lo + j * dw - pw;
    to[j] = hi + j * dw - pw;
  }
  const inner0 = Math.max(...from);
  const inner1 = Math.max(inner0, Math.min(...to));
  for (let ch = 0; ch < c; ch++) {
    const plane = dxOff + ch * h * w;
    for (let i = 0; i < kh; i++) {
      const [r0, r1] = validRows(i * dh, b, sh, ph);
      // cols index of kernel column j, row r, output column ow: base + j·n + r·wo + ow = (dx column) + base + j·(n − dw) + r·wo + pw.
      const base = (ch * kh + i) * kw * n;
      for (let r = r0; r < r1; r++) {
        const row = plane + ((oh0 + r) * sh - ph + i * dh) * w;
        const at = base + r * wo + pw;
        // Left and right of the interior some kernel columns miss: each adds its own run, in order of j.
        for (let j = 0; j < kw; j++) {
          const off = at + j * (n - dw) - row;
          for (let q = row + from[j], end = row + Math.min(to[j], inner0); q < end; q++) dx[q] += cols[q + off];
        }
        if (kw === 3) {
          const o0 = at - row;
          const o1 = o0 + n - dw;
          const o2 = o1 + n - dw;
          for (let q = row + inner0, end = row + inner1; q < end; q++) dx[q] = dx[q] + cols[q + o0] + cols[q + o1] + cols[q + o2];
        } else {
          for (let j = 0; j < kw; j++) {
            const off = at + j * (n - dw) - row;
            for (let q = row + inner0, end = row + inner1; q < end; q++) dx[q] += cols[q + off];
          }
        }
        for (let j = 0; j < kw; j++) {
          const off = at + j * (n - dw) - row;
          for (let q = row + Math.max(from[j], inner1), end = row + to[j]; q < end; q++) dx[q] += cols[q + off];
        }
      }
    }
  }
}

/** The block's rows [r0, r1) whose kernel row at offset i (= its index · dilation) lands inside the input: 0 ≤ (oh0 + r)·sh − ph + i < h. */
function validRows(i: number, b: ColumnBlock, sh: number, ph: number): [number, number] {
  const r0 = Math.min(b.rows, Math.max(0, Math.ceil((ph - i) / sh) - b.oh0));
  const r1 = Math.max(r0, Math.min(b.rows, Math.floor((b.h - 1 + ph - i) / sh) + 1 - b.oh0));
  return [r0, r1];
}

/** The first output column whose kernel column at offset j (= its index · dilation) lands inside the input: ow·sw − pw + j ≥ 0. */
const validFrom = (j: number, sw: number, pw: number, wo: number): number => Math.min(wo, Math.max(0, Math.ceil((pw - j) / sw)));

/** One past the last output column whose kernel column at offset j lands inside the input: ow·sw − pw + j ≤ w − 1. */
const validTo = (j: number, sw: number, pw: number, w: number, wo: number, lo: number): number =>
  Math.max(lo, Math.min(wo, Math.floor((w - 1 + pw - j) / sw) + 1));
