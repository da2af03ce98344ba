import type { Matrix } from '../kernels/gemm';
import { MAX_WASM_BYTES, kernels, reserve } from './runtime';

/** The element range [lo, hi) a rows×cols view reads or writes (strides are never negative). */
const span = (x: Matrix, rows: number, cols: number): [number, number] => [
  x.offset,
  x.offset + (rows - 1) * x.rowStride + (cols - 1) * x.colStride + 1,
];

const align = (p: number): number => (p + 15) & ~15;

/**
 * C (m×n) += A (m×k) · B (k×n) in WebAssembly, bit-identical to kernels/gemm.ts's gemmJs (see
 * kernels.as). The spans of A, B and C are copied into the module's memory with their strides
 * kept, C copied back. False, having done nothing, when the module is unavailable or the working
 * set exceeds MAX_WASM_BYTES.
 */
export function gemmWasm(m: number, n: number, k: number, a: Matrix, b: Matrix, c: Matrix): boolean {
  const w = kernels();
  if (!w) return false;
  const [aLo, aHi] = span(a, m, k);
  const [bLo, bHi] = span(b, k, n);
  const [cLo, cHi] = span(c, m, n);
  const pack = align(w.heapBase());
  const aPtr = align(pack + w.packBytes(n));
  const bPtr = align(aPtr + (aHi - aLo) * 8);
  const cPtr = align(bPtr + (bHi - bLo) * 8);
  const end = cPtr + (cHi - cLo) * 8;
  if (end > MAX_WASM_BYTES) return false;
  reserve(w, end);
  const buf = w.memory.buffer;
  new Float64Array(buf, aPtr, aHi - aLo).set(a.data.subarray(aLo, aHi));
  new Float64Array(buf, bPtr, bHi - bLo).set(b.data.subarray(bLo, bHi));
  const cView = new Float64Array(buf, cPtr, cHi - cLo);
  cView.set(c.data.subarray(cLo, cHi));
  w.gemm(m, n, k, aPtr, a.rowStride, a.colStride, bPtr, b.rowStride, b.colStride, cPtr, c.rowStride, c.colStride, pack);
  c.data.set(cView, cLo);
  return true;
}
