import { gemm, mat, matT, type Gemm } from './gemm';
import { col2im, im2col, type ColumnBlock } from './im2col';
import type { Window2d } from './window';
import { conv2dForwardF32 } from '../wasm/conv32-wasm';
import { float32Active } from './float32';
import { keepingOperands } from '../wasm/gemm-wasm';

/**
 * The sizes a convolution's loops need. Tensors are N×Cin×H×W in, Cout×(Cin/groups)×kh×kw
 * weights, N×Cout×Ho×Wo out; group g maps input channels [g·Cin/groups, (g+1)·Cin/groups) to
 * output channels [g·Cout/groups, (g+1)·Cout/groups).
 */
export interface ConvGeometry {
  readonly n: number;
  readonly cin: number;
  readonly h: number;
  readonly w: number;
  readonly cout: number;
  readonly ho: number;
  readonly wo: number;
  readonly groups: number;
  readonly win: Window2d;
}

/**
 * Doubles per im2col block (2 MB). The columns are unfolded a band of output rows at a time, so a
 * large image does not need its whole (Cin·kh·kw) × (Ho·Wo) matrix at once and the band is still
 * in cache when the GEMM packs it.
 */
const COLUMN_BUDGET = 1 << 18;

let scratch = new Float64Array(0);

function columns(size: number): Float64Array {
  if (scratch.length < size) scratch = new Float64Array(size);
  return scratch;
}

/** A 1×1 kernel at stride 1 without padding: the image already is its column matrix. */
const isPointwise = (win: Window2d): boolean =>
  win.kh === 1 && win.kw === 1 && win.sh === 1 && win.sw === 1 && win.ph === 0 && win.pw === 0 && win.phEnd === 0 && win.pwEnd === 0;

/** One group of one image: where its input, weights and output start, and its GEMM sizes. */
interface GroupView {
  /** Rows of the column matrix: (Cin/groups)·kh·kw. */
  readonly k: number;
  /** Output channels of the group. */
  readonly m: number;
  readonly xOff: number;
  readonly wOff: number;
  readonly yOff: number;
}

/** Calls `f` for every image and group. */
function forEachGroup(g: ConvGeometry, f: (v: GroupView) => void): void {
  const cg = g.cin / g.groups;
  const m = g.cout / g.groups;
  const k = cg * g.win.kh * g.win.kw;
  const hw = g.ho * g.wo;
  for (let n = 0; n < g.n; n++) {
    for (let gi = 0; gi < g.groups; gi++) {
      f({ k, m, xOff: (n * g.cin + gi * cg) * g.h * g.w, wOff: gi * m * k, yOff: (n * g.cout + gi * m) * hw });
    }
  }
}

/** Whether one group's product is big enough for gemm to take the float32 kernel (see gemm.ts). */
const bigForFloat32 = (g: ConvGeometry): boolean => {
  const m = g.cout / g.groups;
  const k = (g.cin / g.groups) * g.win.kh * g.win.kw;
  return m * k * g.ho * g.wo >= 1 << 12 && Math.min(m, k, g.ho * g.wo) >= 4;
};

/** Calls `f` for each band of output rows of one image's group. */
function forEachBand(g: ConvGeometry, k: number, f: (b: ColumnBlock) => void): void {
  const step = Math.max(1, Math.floor(COLUMN_BUDGET / (k * g.wo)));
  const c = g.cin / g.groups;
  for (let oh0 = 0; oh0 < g.ho; oh0 += step) {
    f({ c, h: g.h, w: g.w, wo: g.wo, oh0, rows: Math.min(step, g.ho - oh0) });
  }
}

/**
 * y = W ⋆ x + b, as Y_n,g = W_g · im2col(x_n,g) + b per image and group. `y` must be zero-filled.
 * `mm` is the matrix product (tests pass gemmJs to compare against the WebAssembly path).
 */
export function conv2dForward(
  g: ConvGeometry,
  x: Float64Array,
  wt: Float64Array,
  bias: Float64Array | undefined,
  y: Float64Array,
  mm: Gemm = gemm,
): void {
  const hw = g.ho * g.wo;
  if (bias) {
    for (let n = 0; n < g.n; n++) {
      for (let co = 0; co < g.cout; co++) y.fill(bias[co], (n * g.cout + co) * hw, (n * g.cout + co + 1) * hw);
    }
  }
  // Fast float32 mode unfolds the columns in float32 too (im2col and the copies cost as much as the product).
  if (mm === gemm && float32Active() && bigForFloat32(g) && conv2dForwardF32(g, x, wt, y)) return;
  keepingOperands('a', () =>
    forEachGroup(g, ({ k, m, xOff, wOff, yOff }) => {
      if (isPointwise(g.win)) {
        mm(m, hw, k, mat(wt, k, wOff), mat(x, hw, xOff), mat(y, hw, yOff));
        return;
      }
      forEachBand(g, k, (b) => {
        const cols = columns(k * b.rows * g.wo);
        im2col(x, xOff, b, g.win, cols);
        mm(m, b.rows * g.wo, k, mat(wt, k, wOff), mat(cols, b.rows * g.wo), mat(y, hw, yOff + b.oh0 * g.wo));
      });
    }),
  );
}

/** Where the gradients of a convolution go; each one absent is not computed. All must be zero-filled. */
export interface ConvGrads {
  readonly dx?: Float64Array;
  readonly dw?: Float64Array;
  readonly db?: Float64Array;
}

/**
 * Adds the gradients of a convolution given dY: dB = Σ dY, dW_g = Σ_n dY_n,g · cols_n,gᵀ and
 * dx_n,g = col2im(W_gᵀ · dY_n,g). `x` is read only for dW. The dx part alone is a transposed
 * convolution of dY, which is how convTranspose2d runs forward.
 */
export function conv2dBackward(
  g: ConvGeometry,
  x: Float64Array,
  wt: Float64Array,
  dy: Float64Array,
  grads: ConvGrads,
  mm: Gemm = gemm,
): void {
  const { dx, dw, db } = grads;
  const hw = g.ho * g.wo;
  if (db) {
    for (let n = 0; n < g.n; n++) {
      for (let co = 0; co < g.cout; co++) {
        let s = 0;
        for (let i = (n * g.cout + co) * hw, end = i + hw; i < end; i++) s += dy[i];
        db[co] += s;
      }
    }
  }
  if (!dx && !dw) return;
  forEachGroup(g, ({ k, m, xOff, wOff, yOff }) => {
    if (isPointwise(g.win)) {
      if (dw) mm(m, k, hw, mat(dy, hw, yOff), matT(x, hw, xOff), mat(dw, k, wOff));
      if (dx) mm(k, hw, m, matT(wt, k, wOff), mat(dy, hw, yOff), mat(dx, hw, xOff));
      return;
    }
    const dyBand = (b: ColumnBlock) => mat(dy, hw, yOff + b.oh0 * g.wo);
    // dW over every band, then dx over every band: each pass's products share an operand (dW as C,
    // then the weights as A; the columns, zeroed between bands, are not) that keepingOperands leaves
    // in the module's memory between bands.
    // Every element is still summed band by band in the same order, so the bits are the same.
    if (dw) {
      keepingOperands('c', () =>
        forEachBand(g, k, (b) => {
          const width = b.rows * g.wo;
          const cols = columns(k * width);
          im2col(x, xOff, b, g.win, cols);
          mm(m, k, width, dyBand(b), matT(cols, width), mat(dw, k, wOff));
        }),
      );
    }
    if (dx) {
      keepingOperands('a', () =>
        forEachBand(g, k, (b) => {
          const width = b.rows * g.wo;
          const cols = columns(k * width);
          cols.fill(0, 0, k * width);
          mm(k, width, m, matT(wt, k, wOff), dyBand(b), mat(cols, width));
          col2im(cols, b, g.win, dx, xOff);
        }),
      );
    }
  });
}
