import { formatShape } from '../../format/shape';
import { sizeOf, strides, type Shape, type Tensor } from '../../tensor/tensor';
import { num, OpError, type Params, type TensorOp } from '../types';

/** A dimension counted from the front, given one that may count from the back (-1 is the last). */
export function axisIndex(op: string, param: string, axis: number, shape: Shape): number {
  const r = shape.length;
  if (r === 0) throw new OpError(`${op} needs a tensor with at least one dimension, got a scalar`);
  if (!Number.isInteger(axis) || axis < -r || axis >= r) {
    throw new OpError(`${op} ${param} ${axis} is out of range for a ${formatShape(shape)} tensor: use ${-r} to ${r - 1}`, 'param');
  }
  return axis < 0 ? axis + r : axis;
}

/** A shape seen as outer × n × inner around one axis: element k of row (o, i) sits at (o·n + k)·inner + i. */
export const around = (shape: Shape, axis: number) => ({
  outer: sizeOf(shape.slice(0, axis)),
  n: shape[axis],
  inner: sizeOf(shape.slice(axis + 1)),
});

/** The same numbers under another shape; copied, so a later in-place edit of one cannot leak into the other. */
const as = (t: Tensor, shape: Shape): Tensor => ({ shape: [...shape], data: t.data.slice() });

const moveOnly = () => ({ params: 0, macs: 0 }); // reshaping moves data and computes nothing

/**
 * Flattens dimensions `startDim`..last into one, as torch.flatten does. The default 0 flattens
 * everything (30×1×1 -> 30); use 1 to keep a leading batch (N×C×H×W -> N×CHW). A scalar becomes [1].
 */
export const flatten: TensorOp = {
  kind: 'tensor',
  type: 'flatten',
  group: 'Tensor',
  title: 'Flatten',
  keywords: ['ravel', 'vector', 'reshape'],
  inputs: [{ name: 'x' }],
  params: [{ name: 'startDim', kind: 'int', default: 0, label: 'start dim (0: everything, 1: keep the batch)' }],
  symbol: () => 'flat',
  summary: (p) => (num(p, 'startDim') === 0 ? '' : `from dim ${num(p, 'startDim')}`),
  text: ([x]) => `flatten(${x})`,
  latex: ([x]) => `\\mathrm{flatten}(${x})`,
  torch: ({ args: { x }, params, shapes }, py) => {
    if (shapes.x.length === 0) return `torch.flatten(${x})`;
    const start = axisIndex('flatten', 'startDim', num(params, 'startDim'), shapes.x);
    // Flattening only the last axis changes nothing, and torch.flatten then returns x itself: the
    // node would share x's tensor and so its gradient. A reshape gives it a tensor of its own.
    if (start === shapes.x.length - 1) return `${x}.reshape(${py.ints(shapes.x)})`;
    return `torch.flatten(${x}, ${start})`;
  },
  rule: () => ({ x: 'the gradient is reshaped back to the input shape' }),
  shape: ({ x }, p) => {
    if (x.length === 0) return [1];
    const s = axisIndex('flatten', 'startDim', num(p, 'startDim'), x);
    return [...x.slice(0, s), sizeOf(x.slice(s))];
  },
  forward: ({ x }, p) => as(x, flatten.shape({ x: x.shape }, p)),
  backward: ({ x }, _out, g) => ({ x: as(g, x.shape) }),
  jvp: (_in, out, { x }) => as(x, out.shape), // linear: the tangent is reshaped the same way
  cost: moveOnly,
};

function target(from: Shape, p: Params): Shape {
  const raw = p.shape;
  const spec = typeof raw === 'number' ? [raw] : Array.isArray(raw) ? raw : [];
  const bad = spec.find((d) => !Number.isInteger(d) || d < -1);
  if (bad !== undefined) throw new OpError(`reshape shape entries must be whole numbers ≥ 0 or a single -1, got ${bad}`, 'param');
  const free = spec.filter((d) => d === -1).length;
  if (free > 1) throw new OpError(`reshape shape may hold at most one -1, got [${spec.join(', ')}]`, 'param');
  const n = sizeOf(from);
  const known = sizeOf(spec.filter((d) => d !== -1));
  if (free === 1) {
    if (known === 0 || n % known !== 0) {
      throw new OpError(
        `reshape cannot fill the -1 in [${spec.join(', ')}]: ${formatShape(from)} has ${n} elements, not a multiple of ${known}`,
      );
    }
    return spec.map((d) => (d === -1 ? n / known : d));
  }
  if (known !== n) {
    throw new OpError(
      `reshape cannot make ${formatShape(from)} (${n} elements) into [${spec.join(', ')}] (${known}): change shape so its product is ${n}, or use -1 for one entry`,
    );
  }
  return [...spec];
}

/** Reinterprets the elements in row-major order under a new shape; one entry may be -1 (inferred). */
export const reshape: TensorOp = {
  kind: 'tensor',
  type: 'reshape',
  group: 'Tensor',
  title: 'Reshape',
  keywords: ['view', 'resize'],
  inputs: [{ name: 'x' }],
  params: [{ name: 'shape', kind: 'ints', default: [-1], label: 'shape (one entry may be -1)' }],
  symbol: () => 'reshape',
  summary: (p) => `→ ${[p.shape].flat().join('×')}`,
  text: ([x], p) => `reshape(${x}, [${[p.shape].flat().join(', ')}])`,
  latex: ([x]) => `\\mathrm{reshape}(${x})`,
  torch: ({ args: { x }, params }, py) => `${x}.reshape(${py.ints([params.shape].flat() as number[])})`,
  rule: () => ({ x: 'the gradient is reshaped back to the input shape' }),
  shape: ({ x }, p) => target(x, p),
  forward: ({ x }, p) => as(x, target(x.shape, p)),
  backward: ({ x }, _out, g) => ({ x: as(g, x.shape) }),
  jvp: (_in, out, { x }) => as(x, out.shape),
  cost: moveOnly,
};

function swap(t: Tensor, a: number, b: number): Tensor {
  const shape = [...t.shape];
  [shape[a], shape[b]] = [shape[b], shape[a]];
  const inS = strides(t.shape);
  const outS = strides(shape);
  // Input dimension k lands at output position a<->b swapped, so it steps by that position's stride.
  const step = inS.map((_, k) => outS[k === a ? b : k === b ? a : k]);
  const data = new Float64Array(t.data.length);
  for (let i = 0; i < data.length; i++) {
    let rest = i;
    let o = 0;
    for (let k = 0; k < inS.length; k++) {
      const c = Math.floor(rest / inS[k]);
      rest -= c * inS[k];
      o += c * step[k];
    }
    data[o] = t.data[i];
  }
  return { shape, data };
}

const dims = (x: Shape, p: Params): [number, number] => [
  axisIndex('transpose', 'dim0', num(p, 'dim0'), x),
  axisIndex('transpose', 'dim1', num(p, 'dim1'), x),
];

/** Swaps two dimensions (by default the last two: a matrix transpose). Its own inverse, so also its VJP. */
export const transpose: TensorOp = {
  kind: 'tensor',
  type: 'transpose',
  group: 'Tensor',
  title: 'Transpose',
  keywords: ['swap axes', 'permute', 'T'],
  inputs: [{ name: 'x' }],
  params: [
    { name: 'dim0', kind: 'int', default: -2, label: 'first dim' },
    { name: 'dim1', kind: 'int', default: -1, label: 'second dim' },
  ],
  symbol: () => 'ᵀ',
  summary: (p) => `${num(p, 'dim0')}↔${num(p, 'dim1')}`,
  text: ([x]) => `transpose(${x})`,
  latex: ([x]) => `{${x}}^{\\top}`,
  torch: ({ args: { x }, params }) => `${x}.transpose(${num(params, 'dim0')}, ${num(params, 'dim1')})`,
  rule: () => ({ x: 'the gradient is transposed back (the same two dims swapped)' }),
  shape: (ins, p) => {
    const [a, b] = dims(ins.x, p);
    const s = [...ins.x];
    [s[a], s[b]] = [s[b], s[a]];
    return s;
  },
  forward: ({ x }, p) => swap(x, ...dims(x.shape, p)),
  backward: ({ x }, _out, g, p) => ({ x: swap(g, ...dims(x.shape, p)) }),
  jvp: ({ x }, _out, t, p) => swap(t.x, ...dims(x.shape, p)),
  cost: moveOnly,
};
