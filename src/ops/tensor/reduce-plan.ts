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

/** all (default), or the dims listed in `axis`; `single` ops (argmax) take one dim at most, as torch. */
export function reducePlan(op: string, x: Shape, p: Params, single = false): ReducePlan {
  const all = p.all !== false;
  const axes = all
    ? x.map((_, i) => i)
    : single
      ? [axisIndex(op, 'axis', num(p, 'axis'), x)]
      : distinctAxes(op, 'axis', intsOf(p, 'axis'), x);
  const reduced = new Set(axes);
  const keep = p.keepdim === true;
  const kept = x.filter((_, i) => !reduced.has(i));
  const out = keep ? x.map((d, i) => (reduced.has(i) ? 1 : d)) : kept;
  const keptStrides = strides(kept);
  const members: number[][] = Array.from({ length: sizeOf(kept) }, () => []);
  const st = strides(x);
  for (let i = 0; i < sizeOf(x); i++) {
    let j = 0;
    let k = 0;
    for (let d = 0; d < x.length; d++) {
      const c = Math.floor(i / st[d]) % x[d];
      if (!reduced.has(d)) j += c * keptStrides[k++];
    }
    members[j].push(i);
  }
  return { out, axes, all, members: members.map((m) => Int32Array.from(m)) };
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

const groupValues = (x: Tensor, m: Int32Array): Float64Array => Float64Array.from(m, (i) => x.data[i]);

/** Forward and backward of a reduction from its rule on one group. */
export function reduceKernels(type: string, rule: GroupRule, single = false): Pick<TensorOp, 'shape' | 'forward' | 'backward'> {
  return {
    shape: ({ x }, p) => reducePlan(type, x, p, single).out,
    forward: ({ x }, p) => {
      const plan = reducePlan(type, x.shape, p, single);
      return { shape: [...plan.out], data: Float64Array.from(plan.members, (m) => rule.value(groupValues(x, m), p, plan)) };
    },
    backward: ({ x }, out, g, p) => {
      const plan = reducePlan(type, x.shape, p, single);
      const gx = new Float64Array(x.data.length);
      plan.members.forEach((m, j) => {
        const d = rule.local(groupValues(x, m), out.data[j], p, plan);
        m.forEach((i, t) => (gx[i] += g.data[j] * d[t]));
      });
      return { x: { shape: [...x.shape], data: gx } };
    },
  };
}
