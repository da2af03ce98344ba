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

/**
 * C (m×n) += A (m×k) · B (k×n) in WebAssembly, bit-identical to kernels/gemm.ts's gemmJs (see
 * kernels.as). A, B and C are copied into the module's memory, C copied back. False, having done
 * nothing, when the module is unavailable or the working set is too big for it.
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
  copyIn(sa, a.data, new Float64Array(buf, aPtr, size(sa)));
  copyIn(sb, b.data, new Float64Array(buf, bPtr, size(sb)));
  const cView = new Float64Array(buf, cPtr, size(sc));
  copyIn(sc, c.data, cView);
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
  return true;
}
