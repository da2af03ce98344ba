import { formatShape } from '../format/shape';
import type { ElementwiseOp, Params } from '../ops/types';
import { OpError } from '../ops/types';
import { sizeOf, strides, type Shape, type Tensor } from '../tensor/tensor';

/** NumPy broadcasting of two shapes, or an OpError naming both. */
export function broadcastShapes(a: Shape, b: Shape): Shape {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new OpError(`cannot broadcast ${formatShape(a)} with ${formatShape(b)} (dimension ${i}: ${da} vs ${db})`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** For each flat index of `out`, the flat index into a tensor of shape `s` broadcast to it; null when `s` is `out`. */
export function broadcastIndex(s: Shape, out: Shape): Int32Array | null {
  if (s.length === out.length && s.every((d, i) => d === out[i])) return null;
  const n = sizeOf(out);
  const idx = new Int32Array(n);
  if (sizeOf(s) === 1) return idx;
  const so = strides(out);
  const pad = out.length - s.length;
  const ss = strides(s);
  for (let f = 0; f < n; f++) {
    let rem = f;
    let j = 0;
    for (let d = 0; d < out.length; d++) {
      const c = Math.floor(rem / so[d]);
      rem -= c * so[d];
      const sd = d - pad;
      if (sd >= 0 && s[sd] !== 1) j += c * ss[sd];
    }
    idx[f] = j;
  }
  return idx;
}

/** The result of an elementwise op on tensors, with the local derivatives the backward pass needs. */
export interface ElementwiseResult {
  readonly out: Tensor;
  /** First domain error met, and at which element of the output. */
  readonly error: { readonly detail: string; readonly at: number } | null;
  /** Whether every element of `out` is finite (meaningful only without an error). */
  readonly finite: boolean;
}

/**
 * Applies an elementwise op over broadcast inputs (b is ignored by unary ops). Finiteness is
 * checked in the same pass: x − x is 0 for a finite x and NaN otherwise, and a NaN survives the
 * sum, so a VGG ReLU's 6.5 million outputs are not read a second time.
 */
export function elementwiseForward(op: ElementwiseOp, a: Tensor, b: Tensor | null, p: Params): ElementwiseResult {
  const shape = b ? broadcastShapes(a.shape, b.shape) : a.shape;
  const n = sizeOf(shape);
  const ia = broadcastIndex(a.shape, shape);
  const ib = b ? broadcastIndex(b.shape, shape) : null;
  const out = new Float64Array(n);
  const ad = a.data;
  const bd = b?.data;
  let check = 0;
  if (!ia && !ib && !op.domain) {
    // Same shapes and no domain (ReLU, add): the loop without index arrays or per-element tests.
    if (bd) {
      for (let i = 0; i < n; i++) {
        const v = op.forward(ad[i], bd[i], p);
        out[i] = v;
        check += v - v;
      }
    } else {
      for (let i = 0; i < n; i++) {
        const v = op.forward(ad[i], 0, p);
        out[i] = v;
        check += v - v;
      }
    }
    return { out: { shape, data: out }, error: null, finite: check === 0 };
  }
  for (let i = 0; i < n; i++) {
    const x = ad[ia ? ia[i] : i];
    const y = bd ? bd[ib ? ib[i] : i] : 0;
    const err = op.domain?.(x, y, p);
    if (err) return { out: { shape, data: out }, error: { detail: err, at: i }, finite: false };
    const v = op.forward(x, y, p);
    out[i] = v;
    check += v - v;
  }
  return { out: { shape, data: out }, error: null, finite: check === 0 };
}

/**
 * The gradient one port of an elementwise op receives: g ⊙ (its local derivative), summed back
 * over the broadcast dimensions. The local derivatives themselves are not kept (a VGG ReLU's
 * would be another 6.5 million numbers); {@link elementwiseLocal} gives them when asked.
 */
export function elementwiseBackward(
  op: ElementwiseOp,
  port: number,
  a: Tensor,
  b: Tensor | null,
  out: Tensor,
  g: Tensor,
  p: Params,
): Tensor {
  const d = op.derivative[op.inputs[port].name];
  const n = out.data.length;
  const ia = broadcastIndex(a.shape, out.shape);
  const ib = b ? broadcastIndex(b.shape, out.shape) : null;
  const target = port === 1 && b ? b : a;
  const it = port === 1 && b ? ib : ia;
  const grad = new Float64Array(target.data.length);
  const ad = a.data;
  const bd = b?.data;
  const od = out.data;
  const gd = g.data;
  if (!ia && !ib) {
    // Nothing to sum back: one product per element, added to 0 as the general loop does (so −0 becomes 0 alike).
    if (bd) for (let i = 0; i < n; i++) grad[i] = 0 + gd[i] * d(ad[i], bd[i], od[i], p);
    else for (let i = 0; i < n; i++) grad[i] = 0 + gd[i] * d(ad[i], 0, od[i], p);
    return { shape: target.shape, data: grad };
  }
  for (let i = 0; i < n; i++) {
    const x = ad[ia ? ia[i] : i];
    const y = bd ? bd[ib ? ib[i] : i] : 0;
    grad[it ? it[i] : i] += gd[i] * d(x, y, od[i], p);
  }
  return { shape: target.shape, data: grad };
}

/** The local derivative of an elementwise op with respect to one port, as a tensor of the output's shape. */
export function elementwiseLocal(op: ElementwiseOp, port: number, a: Tensor, b: Tensor | null, out: Tensor, p: Params): Tensor {
  const d = op.derivative[op.inputs[port].name];
  const n = out.data.length;
  const ia = broadcastIndex(a.shape, out.shape);
  const ib = b ? broadcastIndex(b.shape, out.shape) : null;
  const local = new Float64Array(n);
  for (let i = 0; i < n; i++) local[i] = d(a.data[ia ? ia[i] : i], b ? b.data[ib ? ib[i] : i] : 0, out.data[i], p);
  return { shape: out.shape, data: local };
}
