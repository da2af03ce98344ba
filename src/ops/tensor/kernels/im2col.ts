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
 */
export function im2col(x: Float64Array, xOff: number, b: ColumnBlock, win: Window2d, cols: Float64Array): void {
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
          if (sw === 1) {
            for (let ow = lo; ow < hi; ow++) cols[o + ow] = x[src + ow];
          } else {
            for (let ow = lo; ow < hi; ow++) cols[o + ow] = x[src + ow * sw];
          }
          for (let ow = hi; ow < wo; ow++) cols[o + ow] = 0;
        }
        dst += n;
      }
    }
  }
}

/** The adjoint of im2col: adds every column entry back onto the input pixel it was copied from. */
export function col2im(cols: Float64Array, b: ColumnBlock, win: Window2d, dx: Float64Array, dxOff: number): void {
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
          if (sw === 1) {
            for (let ow = lo; ow < hi; ow++) dx[dst + ow] += cols[o + ow];
          } else {
            for (let ow = lo; ow < hi; ow++) dx[dst + ow * sw] += cols[o + ow];
          }
        }
        src += n;
      }
    }
  }
}

/** The first output column whose kernel column at offset j (= its index · dilation) lands inside the input: ow·sw − pw + j ≥ 0. */
const validFrom = (j: number, sw: number, pw: number, wo: number): number => Math.min(wo, Math.max(0, Math.ceil((pw - j) / sw)));

/** One past the last output column whose kernel column at offset j lands inside the input: ow·sw − pw + j ≤ w − 1. */
const validTo = (j: number, sw: number, pw: number, w: number, wo: number, lo: number): number =>
  Math.max(lo, Math.min(wo, Math.floor((w - 1 + pw - j) / sw) + 1));
