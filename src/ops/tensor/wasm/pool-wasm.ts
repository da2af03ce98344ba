import type { AxisWindows, PoolGeometry } from '../kernels/pool2d';
import { kernels, regions } from './runtime';

/** first[0..n) then count[0..n), as kernels.as reads a window axis. */
const axis = (a: AxisWindows): Int32Array => {
  const out = new Int32Array(2 * a.first.length);
  out.set(a.first);
  out.set(a.count, a.first.length);
  return out;
};

/**
 * Max pooling in WebAssembly, two planes per SIMD step, bit-identical to kernels/pool2d.ts (the
 * same scan order and tie and NaN rule). Forward writes `out` = y; backward (`dy` given) adds
 * each window's gradient to its argmax in `out` = dx. False, having done nothing, when the
 * module is unavailable or the working set is too big for it.
 */
export function maxPoolWasm(g: PoolGeometry, x: Float64Array, out: Float64Array, dy?: Float64Array): boolean {
  const w = kernels();
  if (!w) return false;
  const rows = axis(g.rows);
  const cols = axis(g.cols);
  const at = regions(w, [rows.byteLength, cols.byteLength, x.byteLength, out.byteLength, dy?.byteLength ?? 0]);
  if (!at) return false;
  const [rPtr, cPtr, xPtr, oPtr, dyPtr] = at;
  const buf = w.memory.buffer;
  new Int32Array(buf, rPtr, rows.length).set(rows);
  new Int32Array(buf, cPtr, cols.length).set(cols);
  new Float64Array(buf, xPtr, x.length).set(x);
  const o = new Float64Array(buf, oPtr, out.length);
  if (dy) {
    o.set(out);
    new Float64Array(buf, dyPtr, dy.length).set(dy);
  }
  w.maxPool(g.planes, g.h, g.w, g.ho, g.wo, rPtr, g.rows.step, cPtr, g.cols.step, xPtr, oPtr, dyPtr, dy !== undefined);
  out.set(o);
  return true;
}
