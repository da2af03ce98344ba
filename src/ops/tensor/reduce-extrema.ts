import { sizeOf } from '../../tensor/tensor';
import type { TensorOp } from '../types';
import { reduceKernels, reduceParams, torchDims, whereArg, whereText, type GroupRule, type ReducePlan } from './reduce-plan';

type Which = 'max' | 'min';

const better = (which: Which) => (a: number, b: number) => (which === 'max' ? a > b : a < b);

/** The first position holding the group's max (min): the index torch returns, ties going to the first. */
function first(v: Float64Array, which: Which): number {
  const wins = better(which);
  let k = 0;
  for (let t = 1; t < v.length; t++) if (wins(v[t], v[k])) k = t;
  return k;
}

/** One axis: torch.max(x, dim) returns an index, and the gradient goes to it alone. */
const oneAxis = (plan: ReducePlan) => !plan.all && plan.axes.length === 1;

function extremum(which: Which): GroupRule {
  return {
    value: (v) => v[first(v, which)],
    local: (v, out, _p, plan) => {
      const d = new Float64Array(v.length);
      if (oneAxis(plan)) {
        d[first(v, which)] = 1;
        return d;
      }
      // Over all or several axes, torch (max(), amax) splits the gradient evenly among tied elements.
      let ties = 0;
      for (const e of v) if (e === out) ties++;
      v.forEach((e, t) => (d[t] = e === out ? 1 / ties : 0));
      return d;
    },
  };
}

function valuesOp(which: Which): TensorOp {
  const type = which === 'max' ? 'reduceMax' : 'reduceMin';
  return {
    kind: 'tensor',
    type,
    group: 'Tensor',
    title: which === 'max' ? 'Max (reduce)' : 'Min (reduce)',
    keywords: which === 'max' ? ['amax', 'largest', 'maximum over'] : ['amin', 'smallest', 'minimum over'],
    inputs: [{ name: 'x' }],
    params: reduceParams(),
    symbol: () => which,
    summary: whereText,
    text: ([x], p) => `${which}(${x}${whereArg(p)})`,
    latex: ([x]) => `\\${which} ${x}`,
    rule: () => ({
      x: `1 at the ${which} (over one axis: at the index returned, the first of ties; otherwise split evenly among ties), 0 elsewhere`,
    }),
    torch: ({ args: { x }, params: p, shapes }, py) => {
      if (p.all !== false && p.keepdim !== true) return `${x}.${which}()`;
      const one = p.all === false && [p.axis].flat().length === 1;
      return one ? `${x}.${which}(${torchDims(shapes.x, p, py).slice(2)}).values` : `torch.a${which}(${x}${torchDims(shapes.x, p, py)})`;
    },
    ...reduceKernels(type, extremum(which)),
    cost: ({ x }) => ({ params: 0, macs: sizeOf(x) }), // one comparison per input element
  };
}

/** The largest element over all, one or several axes: torch.max / torch.amax. */
export const reduceMax = valuesOp('max');

/** The smallest element over all, one or several axes: torch.min / torch.amin. */
export const reduceMin = valuesOp('min');

const ARG = (which: Which): GroupRule => ({
  value: (v) => first(v, which),
  local: (v) => new Float64Array(v.length),
});

function argOp(which: Which): TensorOp {
  const type = which === 'max' ? 'argmax' : 'argmin';
  return {
    kind: 'tensor',
    type,
    group: 'Tensor',
    title: which === 'max' ? 'Argmax' : 'Argmin',
    keywords: ['index of', 'position', 'prediction', 'class'],
    inputs: [{ name: 'x' }],
    params: reduceParams(true),
    symbol: () => type,
    summary: (p) => (p.all !== false ? '' : `axis ${String(p.axis)}`),
    text: ([x], p) => `${type}(${x}${whereArg(p)})`,
    latex: ([x]) => `\\operatorname{${type}} ${x}`,
    rule: () => ({ x: 'none: an index does not change under small changes of x (reported as 0)' }),
    // A float leaf of its own: the engine's indices are numbers, and whatever reads them may ask for their gradient.
    torch: ({ args: { x }, params: p, shapes }, py) => {
      // torch's argmax over all takes no dims: keepdim alone keeps every dim as size 1.
      const dims = p.all !== false ? (p.keepdim === true ? ', keepdim=True' : '') : torchDims(shapes.x, p, py, true);
      return `torch.${type}(${x}${dims}).to(${x}.dtype).requires_grad_()`;
    },
    ...reduceKernels(type, ARG(which), true),
    cost: ({ x }) => ({ params: 0, macs: sizeOf(x) }),
    indexPorts: () => ['x'],
  };
}

/** Where the largest element is (flat index over all, or along one axis; the first of ties): torch.argmax, not differentiable. */
export const argmax = argOp('max');

/** Where the smallest element is (the first of ties): torch.argmin, not differentiable. */
export const argmin = argOp('min');
