import { gemm, mat, matT } from './gemm';
import { col2im, im2col, type ColumnBlock } from './im2col';
import type { Window2d } from './window';

/** The sizes a convolution's loops need. Tensors are N×Cin×H×W in, Cout×Cin×kh×kw weights, N×Cout×Ho×Wo out. */
export interface ConvGeometry {
  readonly n: number;
  readonly cin: number;
  readonly h: number;
  readonly w: number;
  readonly cout: number;
  readonly ho: number;
  readonly wo: number;
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
  win.kh === 1 && win.kw === 1 && win.sh === 1 && win.sw === 1 && win.ph === 0 && win.pw === 0;

/** Calls `f` for each band of output rows of one image. */
function forEachBand(g: ConvGeometry, f: (b: ColumnBlock) => void): void {
  const k = g.cin * g.win.kh * g.win.kw;
  const step = Math.max(1, Math.floor(COLUMN_BUDGET / (k * g.wo)));
  for (let oh0 = 0; oh0 < g.ho; oh0 += step) {
    f({ c: g.cin, h: g.h, w: g.w, wo: g.wo, oh0, rows: Math.min(step, g.ho - oh0) });
  }
}

/** y = W ⋆ x + b, as Y_n = W · im2col(x_n) + b. `y` must be zero-filled. */
export function conv2dForward(g: ConvGeometry, x: Float64Array, wt: Float64Array, bias: Float64Array | undefined, y: Float64Array): void {
  const k = g.cin * g.win.kh * g.win.kw;
  const hw = g.ho * g.wo;
  const inPlane = g.cin * g.h * g.w;
  for (let n = 0; n < g.n; n++) {
    const xOff = n * inPlane;
    const yOff = n * g.cout * hw;
    if (bias) for (let co = 0; co < g.cout; co++) y.fill(bias[co], yOff + co * hw, yOff + (co + 1) * hw);
    if (isPointwise(g.win)) {
      gemm(g.cout, hw, k, mat(wt, k), mat(x, hw, xOff), mat(y, hw, yOff));
      continue;
    }
    forEachBand(g, (b) => {
      const cols = columns(k * b.rows * g.wo);
      im2col(x, xOff, b, g.win, cols);
      gemm(g.cout, b.rows * g.wo, k, mat(wt, k), mat(cols, b.rows * g.wo), mat(y, hw, yOff + b.oh0 * g.wo));
    });
  }
}

/**
 * Adds the gradients of a convolution given dY: dB = Σ dY, dW = Σ_n dY_n · cols_nᵀ and
 * dx_n = col2im(Wᵀ · dY_n). `dx`, `dw` and `db` must be zero-filled.
 */
export function conv2dBackward(
  g: ConvGeometry,
  x: Float64Array,
  wt: Float64Array,
  dy: Float64Array,
  dx: Float64Array,
  dw: Float64Array,
  db: Float64Array | undefined,
): void {
  const k = g.cin * g.win.kh * g.win.kw;
  const hw = g.ho * g.wo;
  const inPlane = g.cin * g.h * g.w;
  for (let n = 0; n < g.n; n++) {
    const xOff = n * inPlane;
    const yOff = n * g.cout * hw;
    if (db) {
      for (let co = 0; co < g.cout; co++) {
        let s = 0;
        for (let i = yOff + co * hw, end = i + hw; i < end; i++) s += dy[i];
        db[co] += s;
      }
    }
    if (isPointwise(g.win)) {
      gemm(g.cout, k, hw, mat(dy, hw, yOff), matT(x, hw, xOff), mat(dw, k));
      gemm(k, hw, g.cout, matT(wt, k), mat(dy, hw, yOff), mat(dx, hw, xOff));
      continue;
    }
    forEachBand(g, (b) => {
      const width = b.rows * g.wo;
      const cols = columns(k * width);
      const dyBand = mat(dy, hw, yOff + b.oh0 * g.wo);
      im2col(x, xOff, b, g.win, cols);
      gemm(g.cout, k, width, dyBand, matT(cols, width), mat(dw, k));
      cols.fill(0, 0, k * width);
      gemm(k, width, g.cout, matT(wt, k), dyBand, mat(cols, width));
      col2im(cols, b, g.win, dx, xOff);
    });
  }
}
