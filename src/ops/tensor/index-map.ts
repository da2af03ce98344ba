import { sizeOf, type Shape, type Tensor } from '../../tensor/tensor';

/**
 * The shape ops that only move numbers (permute, slice, pad, expand, gather, ...) as one table:
 * output element i is input element `from[i]`, or the fill value where `from[i]` is -1 (constant
 * padding). Forward reads through the table; backward adds each output gradient back into the
 * input element it came from, so a value read twice (expand, replicate padding) sums its gradients.
 */
export interface IndexMap {
  readonly shape: Shape;
  readonly from: Int32Array;
}

/** The table for an output of `shape`, given the input's flat index for each output coordinate (or -1). */
export function indexMap(shape: Shape, source: (at: readonly number[]) => number): IndexMap {
  const n = sizeOf(shape);
  const from = new Int32Array(n);
  const at = shape.map(() => 0);
  for (let i = 0; i < n; i++) {
    from[i] = source(at);
    // Odometer step through the output coordinates, last dimension fastest (row-major).
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++at[d] < shape[d]) break;
      at[d] = 0;
    }
  }
  return { shape: [...shape], from };
}

/** The flat index of coordinates `at` in a tensor with row-major strides `st` (tensor.ts's `strides`). */
export function flatIndex(st: readonly number[], at: readonly number[]): number {
  let o = 0;
  for (let d = 0; d < at.length; d++) o += at[d] * st[d];
  return o;
}

/** Forward: the output read through the table. */
export function readThrough(x: Tensor, m: IndexMap, fill = 0): Tensor {
  const data = new Float64Array(m.from.length);
  for (let i = 0; i < data.length; i++) data[i] = m.from[i] < 0 ? fill : x.data[m.from[i]];
  return { shape: [...m.shape], data };
}

/** Backward: each output gradient added into the input element it was read from. */
export function addBack(xShape: Shape, m: IndexMap, g: Tensor): Tensor {
  const data = new Float64Array(sizeOf(xShape));
  for (let i = 0; i < m.from.length; i++) if (m.from[i] >= 0) data[m.from[i]] += g.data[i];
  return { shape: [...xShape], data };
}
