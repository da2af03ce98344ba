import { formatShape } from '../../format/shape';
import { sizeOf, type Shape, type Tensor } from '../../tensor/tensor';
import { num, OpError, type Params, type TensorOp } from '../types';
import { axisIndex } from './shape-ops';

/** At most this many tensors in one concat or stack: a port each on the node face. */
const MAX_INPUTS = 16;

const VARIADIC = { prefix: 'x', param: 'count', max: MAX_INPUTS } as const;

const PARAMS = [
  { name: 'count', kind: 'int', default: 2, min: 1, label: `number of inputs x0, x1, … (1 to ${MAX_INPUTS})` },
  { name: 'dim', kind: 'int', default: 0, label: 'dim' },
] as const;

/** The node's port names in order: x0 .. x{count-1}. */
function names(p: Params): string[] {
  const n = num(p, 'count');
  if (!Number.isInteger(n) || n < 1 || n > MAX_INPUTS)
    throw new OpError(`count must be a whole number from 1 to ${MAX_INPUTS}, got ${n}`, 'param');
  return Array.from({ length: n }, (_, i) => `${VARIADIC.prefix}${i}`);
}

/** The port shapes in order, each present (compile reports an unconnected port before any shape rule runs). */
function shapesOf(op: string, ins: Readonly<Record<string, Shape>>, p: Params): Shape[] {
  return names(p).map((name) => {
    const s = ins[name];
    if (!s) throw new OpError(`${op} needs a tensor on its "${name}" port`);
    return s;
  });
}

/** Where each input goes: the output is outer × total × inner, input j fills rows off[j] .. off[j] + rows[j] of every outer block. */
interface Layout {
  readonly out: Shape;
  readonly outer: number;
  readonly inner: number;
  readonly rows: readonly number[];
  readonly off: readonly number[];
}

function layout(out: Shape, axis: number, rows: number[]): Layout {
  const off = rows.map((_, j) => rows.slice(0, j).reduce((a, b) => a + b, 0));
  return { out, outer: sizeOf(out.slice(0, axis)), inner: sizeOf(out.slice(axis + 1)), rows, off };
}

function catLayout(ins: Readonly<Record<string, Shape>>, p: Params): Layout {
  const shapes = shapesOf('concat', ins, p);
  const first = shapes[0];
  const axis = axisIndex('concat', 'dim', num(p, 'dim'), first);
  shapes.forEach((s, j) => {
    if (s.length !== first.length) {
      throw new OpError(`concat x${j} is ${formatShape(s)} but x0 is ${formatShape(first)}: every input needs ${first.length} dims`);
    }
    const d = s.findIndex((n, i) => i !== axis && n !== first[i]);
    if (d >= 0) {
      throw new OpError(
        `concat x${j} is ${formatShape(s)} but x0 is ${formatShape(first)}: every dim but dim ${axis} must agree (dim ${d}: ${s[d]} vs ${first[d]})`,
      );
    }
  });
  const rows = shapes.map((s) => s[axis]);
  return layout(
    first.map((n, i) => (i === axis ? rows.reduce((a, b) => a + b, 0) : n)),
    axis,
    rows,
  );
}

function stackLayout(ins: Readonly<Record<string, Shape>>, p: Params): Layout {
  const shapes = shapesOf('stack', ins, p);
  const first = shapes[0];
  shapes.forEach((s, j) => {
    if (s.length !== first.length || s.some((n, i) => n !== first[i])) {
      throw new OpError(`stack x${j} is ${formatShape(s)} but x0 is ${formatShape(first)}: stacked tensors must have the same shape`);
    }
  });
  const r = first.length;
  const d = num(p, 'dim');
  if (!Number.isInteger(d) || d < -r - 1 || d > r) {
    throw new OpError(`stack dim ${d} is out of range for ${formatShape(first)} inputs: use ${-r - 1} to ${r}`, 'param');
  }
  const axis = d < 0 ? d + r + 1 : d;
  return layout(
    [...first.slice(0, axis), shapes.length, ...first.slice(axis)],
    axis,
    shapes.map(() => 1),
  );
}

/** Copies input j's blocks into (forward) or out of (backward) its rows of the output. */
function copy(l: Layout, j: number, part: Float64Array, whole: Float64Array, into: 'whole' | 'part'): void {
  const total = l.off[l.off.length - 1] + l.rows[l.rows.length - 1];
  const block = l.rows[j] * l.inner;
  for (let o = 0; o < l.outer; o++) {
    const w = (o * total + l.off[j]) * l.inner;
    if (into === 'whole') whole.set(part.subarray(o * block, (o + 1) * block), w);
    else part.set(whole.subarray(w, w + block), o * block);
  }
}

function joiner(type: 'concat' | 'stack', plan: (ins: Readonly<Record<string, Shape>>, p: Params) => Layout): TensorOp {
  const shapes = (ins: Readonly<Record<string, Tensor>>) => Object.fromEntries(Object.entries(ins).map(([k, t]) => [k, t.shape]));
  return {
    kind: 'tensor',
    type,
    group: 'Tensor',
    title: type === 'concat' ? 'Concat' : 'Stack',
    keywords: type === 'concat' ? ['cat', 'concatenate', 'join', 'skip connection', 'U-Net'] : ['stack', 'new axis', 'join'],
    inputs: [{ name: 'x0' }, { name: 'x1' }],
    variadic: VARIADIC,
    params: PARAMS,
    symbol: () => (type === 'concat' ? 'cat' : 'stack'),
    summary: (p) => `${num(p, 'count')} on dim ${num(p, 'dim')}`,
    text: (args, p) => `${type}([${args.join(', ')}], dim ${num(p, 'dim')})`,
    latex: (args) => `\\mathrm{${type}}(${args.join(', ')})`,
    torch: ({ args, params }) => {
      const xs = names(params).map((name) => args[name]);
      return `torch.${type === 'concat' ? 'cat' : 'stack'}((${xs.join(', ')}${xs.length === 1 ? ',' : ''}), dim=${num(params, 'dim')})`;
    },
    rule: (p) =>
      Object.fromEntries(
        names(p).map((name) => [
          name,
          `∂L/∂${name} is the part of ∂L/∂out at ${name}'s ${type === 'concat' ? 'rows' : 'index'} along the dim`,
        ]),
      ),
    shape: (ins, p) => plan(ins, p).out,
    forward: (ins, p) => {
      const l = plan(shapes(ins), p);
      const data = new Float64Array(sizeOf(l.out));
      names(p).forEach((name, j) => copy(l, j, ins[name].data, data, 'whole'));
      return { shape: [...l.out], data };
    },
    backward: (ins, _out, g, p) => {
      const l = plan(shapes(ins), p);
      return Object.fromEntries(
        names(p).map((name, j) => {
          const part = new Float64Array(ins[name].data.length);
          copy(l, j, part, g.data, 'part');
          return [name, { shape: [...ins[name].shape], data: part }];
        }),
      );
    },
    cost: () => ({ params: 0, macs: 0 }),
  };
}

/** Joins tensors along an existing dim, as torch.cat: every other dim must agree. Ports x0 .. x{count-1}. */
export const concat = joiner('concat', catLayout);

/** Joins same-shaped tensors along a new dim, as torch.stack. Ports x0 .. x{count-1}. */
export const stack = joiner('stack', stackLayout);
