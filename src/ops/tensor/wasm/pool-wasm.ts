import type { AxisWindows, PoolGeometry } from '../kernels/pool2d';
import { kernels, regions, type KernelExports } from './runtime';

/** first[0..n), count[0..n) then padded[0..n), as kernels.as reads a window axis. */
const axis = (a: AxisWindows): Int32Array => {
  const n = a.first.length;
  const out = new Int32Array(3 * n);
  out.set(a.first);
  out.set(a.count, n);
  out.set(a.padded, 2 * n);
  return out;
};

/**
 * Copies the axes, x and `out` (and dy) into the module's memory, runs `kernel` on their addresses
 * and copies `out` back. False, having done nothing, when the module is unavailable or the
 * working set is too big for it.
 */
function run(
  g: PoolGeometry,
  x: Float64Array | undefined,
  out: Float64Array,
  dy: Float64Array | undefined,
  kernel: (k: KernelExports, rows: number, cols: number, x: number, out: number, dy: number) => void,
): boolean {
  const w = kernels();
  if (!w) return false;
  const rows = axis(g.rows);
  const cols = axis(g.cols);
  const at = regions(w, [rows.byteLength, cols.byteLength, x?.byteLength ?? 0, out.byteLength, dy?.byteLength ?? 0]);
  if (!at) return false;
  const [rPtr, cPtr, xPtr, oPtr, dyPtr] = at;
  const buf = w.memory.buffer;
  new Int32Array(buf, rPtr, rows.length).set(rows);
  new Int32Array(buf, cPtr, cols.length).set(cols);
  if (x) new Float64Array(buf, xPtr, x.length).set(x);
  const o = new Float64Array(buf, oPtr, out.length);
  if (dy) {
    o.set(out);
    new Float64Array(buf, dyPtr, dy.length).set(dy);
  }
  kernel(w, rPtr, cPtr, xPtr, oPtr, dyPtr);
  out.set(o);
  return true;
}

/**
 * Max pooling in WebAssembly, two planes per SIMD step, bit-identical to kernels/pool2d.ts (the
 * same scan order and tie and NaN rule). Forward writes `out` = y; backward (`dy` given) adds
 * each window's gradient to its argmax in `out` = dx.
 */
export function maxPoolWasm(g: PoolGeometry, x: Float64Array, out: Float64Array, dy?: Float64Array): boolean {
  return run(g, x, out, dy, (k, rows, cols, xp, op, dp) =>
    k.maxPool(g.planes, g.h, g.w, g.ho, g.wo, rows, g.rows.step, cols, g.cols.step, xp, op, dp, dy !== undefined),
  );
}

/**
 * Average pooling in WebAssembly, bit-identical to kernels/pool2d.ts (the same summation order and
 * divisor). Forward (`x` given) writes `out` = y; backward (`dy` given) adds to `out` = dx.
 */
export function avgPoolWasm(
  g: PoolGeometry,
  x: Float64Array | undefined,
  out: Float64Array,
  includePad: boolean,
  dy?: Float64Array,
): boolean {
  return run(g, x, out, dy, (k, rows, cols, xp, op, dp) =>
    k.avgPool(g.planes, g.h, g.w, g.ho, g.wo, rows, cols, includePad, xp, op, dp, dy !== undefined),
  );
}
