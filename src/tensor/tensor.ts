/** A dense float64 tensor in row-major (C-contiguous) order; layout N x C x H x W by convention. */
export interface Tensor {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

/** A node's value: a plain number for scalars (the fast path), a Tensor otherwise. */
export type Value = number | Tensor;

export type Shape = readonly number[];

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function tensor(shape: Shape, data?: ArrayLike<number>): Tensor {
  const n = sizeOf(shape);
  const buf = new Float64Array(n);
  if (data) {
    if (data.length !== n) throw new Error(`expected ${n} numbers for shape [${shape.join(', ')}], got ${data.length}`);
    buf.set(data);
  }
  return { shape: [...shape], data: buf };
}

export const zeros = (shape: Shape): Tensor => tensor(shape);

/**
 * Whether every element is finite. A plain loop: `data.every(Number.isFinite)` calls a function per
 * element, about 40 ms for one 6.5-million-element VGG activation, checked for every value and gradient.
 * x − x is 0 for a finite x and NaN for ±Infinity and NaN, and a NaN survives any sum: summing them
 * in four independent sums, without a branch per element, takes 11 ms where testing each took 19.
 */
export function allFinite(data: Float64Array): boolean {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const n = data.length;
  const m = n - (n % 4);
  for (let i = 0; i < m; i += 4) {
    s0 += data[i] - data[i];
    s1 += data[i + 1] - data[i + 1];
    s2 += data[i + 2] - data[i + 2];
    s3 += data[i + 3] - data[i + 3];
  }
  for (let i = m; i < n; i++) s0 += data[i] - data[i];
  return s0 + s1 + s2 + s3 === 0;
}

/** Row-major strides of a shape. */
export function strides(shape: Shape): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

export const shapeOf = (v: Value): Shape => (typeof v === 'number' ? [] : v.shape);

export const sameShape = (a: Shape, b: Shape): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/** Promote a value to a tensor (a number becomes rank 0). */
export const asTensor = (v: Value): Tensor => (typeof v === 'number' ? { shape: [], data: Float64Array.of(v) } : v);

/** Nested arrays (for JSON and display) from a tensor. */
export function toNested(t: Tensor): unknown {
  if (t.shape.length === 0) return t.data[0];
  const st = strides(t.shape);
  const build = (dim: number, off: number): unknown => {
    const out: unknown[] = [];
    for (let i = 0; i < t.shape[dim]; i++) {
      out.push(dim === t.shape.length - 1 ? t.data[off + i] : build(dim + 1, off + i * st[dim]));
    }
    return out;
  };
  return build(0, 0);
}

/** Shape and flat data of a (possibly nested, rectangular) array of numbers; null when ragged. */
export function fromNested(x: unknown): Tensor | null {
  const shape: number[] = [];
  let probe: unknown = x;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0];
  }
  const flat: number[] = [];
  const walk = (v: unknown, dim: number): boolean => {
    if (dim === shape.length) {
      if (typeof v !== 'number') return false;
      flat.push(v);
      return true;
    }
    if (!Array.isArray(v) || v.length !== shape[dim]) return false;
    return v.every((e) => walk(e, dim + 1));
  };
  return walk(x, 0) ? tensor(shape, flat) : null;
}
