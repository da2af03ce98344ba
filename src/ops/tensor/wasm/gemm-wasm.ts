import type { Matrix } from '../kernels/gemm';
import { kernels, regions } from './runtime';
import { GEMM64, productBands, runBands } from './threads';

/** kernels.as's micro-tile: bands of C are whole tiles. */
const MR = 6;
const NR = 4;

/**
 * How a rows×cols view travels into the module's memory: the rows (or, for a transposed view, the
 * columns) one after another, packed tight. A conv band's rows are a whole image plane apart, so
 * copying the span between its first and last element would move the entire tensor per band.
 */
export interface Staged {
  readonly lines: number;
  readonly length: number;
  /** Element index in `data` where line i starts; each line is `length` long and contiguous. */
  readonly start: (i: number) => number;
  readonly rowStride: number;
  readonly colStride: number;
}

export function staged(x: Matrix, rows: number, cols: number): Staged {
  if (x.colStride === 1 || rows === 1)
    return { lines: rows, length: cols, start: (i) => x.offset + i * x.rowStride, rowStride: cols, colStride: 1 };
  if (x.rowStride === 1 || cols === 1)
    return { lines: cols, length: rows, start: (j) => x.offset + j * x.colStride, rowStride: 1, colStride: rows };
  const len = (rows - 1) * x.rowStride + (cols - 1) * x.colStride + 1;
  return { lines: 1, length: len, start: () => x.offset, rowStride: x.rowStride, colStride: x.colStride };
}

export function copyIn(s: Staged, from: Float64Array, to: Float64Array | Float32Array): void {
  for (let i = 0; i < s.lines; i++) to.set(from.subarray(s.start(i), s.start(i) + s.length), i * s.length);
}

function copyOut(s: Staged, from: Float64Array, to: Float64Array): void {
  for (let i = 0; i < s.lines; i++) to.set(from.subarray(i * s.length, (i + 1) * s.length), s.start(i));
}

/** An operand as the last product left it in the module's memory: the same view of the same array at `ptr`. */
interface Resident {
  readonly data: Float64Array;
  readonly offset: number;
  readonly rowStride: number;
  readonly colStride: number;
  readonly rows: number;
  readonly cols: number;
  readonly ptr: number;
}

/** Inside keepingOperands: which operands may be reused, and what the last product left in the module's memory as them. */
let resident: { keep: Kept; a: Resident | null; c: Resident | null } | null = null;

/** Which operand a sequence of products shares: A (a convolution's weights) or C (its dW). */
export type Kept = 'a' | 'c';

const residentAs = (x: Matrix, rows: number, cols: number, ptr: number): Resident => ({
  data: x.data,
  offset: x.offset,
  rowStride: x.rowStride,
  colStride: x.colStride,
  rows,
  cols,
  ptr,
});

const same = (r: Resident | null, x: Resident): boolean =>
  r !== null &&
  r.data === x.data &&
  r.offset === x.offset &&
  r.rowStride === x.rowStride &&
  r.colStride === x.colStride &&
  r.rows === x.rows &&
  r.cols === x.cols &&
  r.ptr === x.ptr;

/**
 * Runs `run`, a sequence of products sharing their A or their C (`keep`), which nothing but these
 * products changes meanwhile (a convolution's bands: the same weights as A in every band, the same
 * dW as C). A product whose kept operand is the same view of the same array at the same address as
 * the previous product's skips copying it in: the module's memory already holds it (a C as the
 * previous product left it, which is what was copied out). VGG's deep layers had copied their
 * 2.4M weights in once per band of 40 output columns, and their dW in and out.
 */
export function keepingOperands<T>(keep: Kept, run: () => T): T {
  const outer = resident;
  resident = { keep, a: null, c: null };
  try {
    return run();
  } finally {
    resident = outer;
  }
}

/**
 * C (m×n) += A (m×k) · B (k×n) in WebAssembly, bit-identical to kernels/gemm.ts's gemmJs (see
 * kernels.as). A, B and C are copied into the module's memory (A and C not when keepingOperands
 * says they are there already), C copied back. False, having done nothing, when the module is
 * unavailable or the working set is too big for it.
 */
export function gemmWasm(m: number, n: number, k: number, a: Matrix, b: Matrix, c: Matrix): boolean {
  const w = kernels();
  if (!w) return false;
  const sa = staged(a, m, k);
  const sb = staged(b, k, n);
  const sc = staged(c, m, n);
  const size = (s: Staged) => s.lines * s.length;
  const bands = productBands(m, n, k, MR, NR);
  const at = regions(w, [size(sa) * 8, size(sb) * 8, size(sc) * 8, ...bands.map(() => w.packBytes(n))]);
  if (!at) return false;
  const [aPtr, bPtr, cPtr, ...packs] = at;
  const buf = w.memory.buffer;
  const ra = residentAs(a, m, k, aPtr);
  const rc = residentAs(c, m, n, cPtr);
  if (resident?.keep !== 'a' || !same(resident.a, ra)) copyIn(sa, a.data, new Float64Array(buf, aPtr, size(sa)));
  copyIn(sb, b.data, new Float64Array(buf, bPtr, size(sb)));
  const cView = new Float64Array(buf, cPtr, size(sc));
  if (resident?.keep !== 'c' || !same(resident.c, rc)) copyIn(sc, c.data, cView);
  const args = bands.map(({ i0, rows, j0, cols }, t) => [
    rows,
    cols,
    k,
    aPtr + i0 * sa.rowStride * 8,
    sa.rowStride,
    sa.colStride,
    bPtr + j0 * sb.colStride * 8,
    sb.rowStride,
    sb.colStride,
    cPtr + (i0 * sc.rowStride + j0 * sc.colStride) * 8,
    sc.rowStride,
    sc.colStride,
    packs[t],
  ]);
  runBands(GEMM64, args, w.gemm);
  copyOut(sc, cView, c.data);
  if (resident) {
    resident.a = ra;
    resident.c = rc;
  }
  return true;
}
