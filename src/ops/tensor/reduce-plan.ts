import { sizeOf, strides, type Shape, type Tensor } from '../../tensor/tensor';
import { num, type ParamSpec, type Params, type PythonLiterals, type TensorOp } from '../types';
import { distinctAxes, intsOf } from './dims';
import { axisIndex } from './shape-ops';

/**
 * Which input elements fold into each output element. `members[j]` lists the flat indices of
 * output j's elements in row-major order, so "the first one" is the one torch's max(dim) returns.
 */
export interface ReducePlan {
  readonly out: Shape;
  /** The reduced dims, counted from the front; every dim when over all. */
  readonly axes: readonly number[];
  readonly all: boolean;
  readonly members: readonly Int32Array[];
}

/** The output shape and reduced dims: cheap, so shapes of tensors too large to evaluate are still inferred. */
function reduceShape(op: string, x: Shape, p: Params, single: boolean): { out: Shape; axes: number[]; all: boolean } {
  const all = p.all !== false;
  const axes = all
    ? x.map((_, i) => i)
    : single
      ? [axisIndex(op, 'axis', num(p, 'axis'), x)]
      : distinctAxes(op, 'axis', intsOf(p, 'axis'), x);
  const keep = p.keepdim === true;
  return { out: x.flatMap((d, i) => (!axes.includes(i) ? [d] : keep ? [1] : [])), axes, all };
}

/** all (default), or the dims listed in `axis`; `single` ops (argmax) take one dim at most, as torch. */
export function reducePlan(op: string, x: Shape, p: Params, single = false): ReducePlan {
  const { out, axes, all } = reduceShape(op, x, p, single);
  if (all) {
    const every = new Int32Array(sizeOf(x));
    for (let i = 0; i < every.length; i++) every[i] = i;
    return { out, axes, all, members: [every] };
  }
  const kept = x.filter((_, i) => !axes.includes(i));
  const keptStrides = strides(kept);
  // Each input dim's step in the output index: its stride among the kept dims, 0 if reduced.
  let k = 0;
  const step = x.map((_, d) => (axes.includes(d) ? 0 : keptStrides[k++]));
  const groups = sizeOf(kept);
  const total = sizeOf(x);
  const n = groups === 0 ? 0 : total / groups;
  const order = new Int32Array(total);
  const filled = new Int32Array(groups);
  const at = x.map(() => 0);
  let j = 0;
  for (let i = 0; i < total; i++) {
    order[j * n + filled[j]++] = i;
    for (let d = x.length - 1; d >= 0; d--) {
      j += step[d];
      if (++at[d] < x[d]) break;
      j -= step[d] * x[d];
      at[d] = 0;
    }
  }
  return { out, axes, all, members: Array.from({ length: groups }, (_, g) => order.subarray(g * n, (g + 1) * n)) };
}

/** The reduction params: over all (default), else over `axis` (one dim or a list), keeping reduced dims as size 1 or not. */
export const reduceParams = (single = false): ParamSpec[] => [
  { name: 'all', kind: 'bool', default: true, label: 'over all elements' },
  single
    ? { name: 'axis', kind: 'int', default: -1, label: 'axis (when not over all)' }
    : { name: 'axis', kind: 'ints', default: -1, label: 'axis, or a list of axes (when not over all)' },
  { name: 'keepdim', kind: 'bool', default: false, label: 'keep the reduced axes as size 1' },
];

/** ", dim=(0, 2), keepdim=True" for torch: every dim when over all with keepdim (so each stays as size 1), nothing over all without. */
export function torchDims(x: Shape, p: Params, py: PythonLiterals, single = false): string {
  const keep = p.keepdim === true;
  if (p.all !== false) return keep && x.length > 0 ? `, dim=${py.ints(x.map((_, i) => i))}, keepdim=True` : '';
  // One axis is written bare (dim=1), as torch's max(dim) and argmax need; a list as a tuple.
  const dims = single || typeof p.axis === 'number' ? String(num(p, 'axis')) : py.ints(intsOf(p, 'axis'));
  return `, dim=${dims}${keep ? ', keepdim=True' : ''}`;
}

/** ", axis=1" or ", axis=[0, 2]" for the text form, as the argument after x; "" over all. */
export const whereArg = (p: Params): string =>
  p.all !== false ? '' : `, axis=${Array.isArray(p.axis) ? `[${p.axis.join(', ')}]` : String(p.axis)}`;

/** "axis 1" or "axes [0, 2]" for the node face; "" over all. */
export const whereText = (p: Params): string => {
  if (p.all !== false) return '';
  const axes = intsOf(p, 'axis');
  return axes.length === 1 ? `axis ${axes[0]}` : `axes [${axes.join(', ')}]`;
};

/** What a reduction says about the numbers of one group: its value, and the derivative of that value by each member. */
export interface GroupRule {
  value(v: Float64Array, p: Params, plan: ReducePlan): number;
  local(v: Float64Array, out: number, p: Params, plan: ReducePlan): Float64Array;
}

/** The values of one group, read into `buf` (reused across groups: the rules do not keep it). */
function groupValues(x: Tensor, m: Int32Array, buf: Float64Array): Float64Array {
  for (let t = 0; t < m.length; t++) buf[t] = x.data[m[t]];
  return buf;
}

/** Forward and backward of a reduction from its rule on one group. */
export function reduceKernels(type: string, rule: GroupRule, single = false): Pick<TensorOp, 'shape' | 'forward' | 'backward'> {
  return {
    shape: ({ x }, p) => reduceShape(type, x, p, single).out,
    forward: ({ x }, p) => {
      const plan = reducePlan(type, x.shape, p, single);
      const buf = new Float64Array(plan.members[0]?.length ?? 0);
      const data = new Float64Array(plan.members.length);
      for (let j = 0; j < data.length; j++) data[j] = rule.value(groupValues(x, plan.members[j], buf), p, plan);
      return { shape: [...plan.out], data };
    },
    backward: ({ x }, out, g, p) => {
      const plan = reducePlan(type, x.shape, p, single);
      const buf = new Float64Array(plan.members[0]?.length ?? 0);
      const gx = new Float64Array(x.data.length);
      for (let j = 0; j < plan.members.length; j++) {
        const m = plan.members[j];
        const d = rule.local(groupValues(x, m, buf), out.data[j], p, plan);
        for (let t = 0; t < m.length; t++) gx[m[t]] += g.data[j] * d[t];
      }
      return { x: { shape: [...x.shape], data: gx } };
    },
  };
}
