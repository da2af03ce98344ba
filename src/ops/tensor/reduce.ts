import { sizeOf } from '../../tensor/tensor';
import type { TensorOp } from '../types';
import { reduceKernels, reduceParams, torchDims, whereArg, whereText, type GroupRule } from './reduce-plan';

const one = (n: number, v: number) => new Float64Array(n).fill(v);
const total = (v: Float64Array) => {
  let s = 0;
  for (let t = 0; t < v.length; t++) s += v[t];
  return s;
};

const SUM: GroupRule = { value: total, local: (v) => one(v.length, 1) };
const MEAN: GroupRule = { value: (v) => total(v) / v.length, local: (v) => one(v.length, 1 / v.length) };

/** log Σ exp v, shifted by the largest so no exp overflows; its derivative is the softmax of the group. */
const LOGSUMEXP: GroupRule = {
  value: (v) => {
    let top = -Infinity;
    for (let t = 0; t < v.length; t++) top = Math.max(top, v[t]);
    let s = 0;
    for (let t = 0; t < v.length; t++) s += Math.exp(v[t] - top);
    return top + Math.log(s);
  },
  local: (v, out) => v.map((e) => Math.exp(e - out)),
};

function reduction(type: 'sum' | 'mean' | 'logsumexp', title: string, keywords: string[], rule: GroupRule, ruleText: string): TensorOp {
  const torchName = type === 'logsumexp' ? null : type;
  const kernels = reduceKernels(type, rule);
  return {
    kind: 'tensor',
    type,
    group: 'Tensor',
    title,
    keywords,
    inputs: [{ name: 'x' }],
    params: reduceParams(),
    symbol: () => (type === 'sum' ? 'Σ' : type === 'mean' ? 'mean' : 'LSE'),
    summary: whereText,
    text: ([x], p) => `${type}(${x}${whereArg(p)})`,
    latex: ([x]) => (type === 'sum' ? `\\sum ${x}` : `\\operatorname{${type}}(${x})`),
    rule: () => ({ x: ruleText }),
    torch: ({ args: { x }, params: p, shapes }, py) => {
      if (torchName)
        return p.all !== false && p.keepdim !== true ? `${x}.${torchName}()` : `${x}.${torchName}(${torchDims(shapes.x, p, py).slice(2)})`;
      // torch.logsumexp needs its dims: over all of a 2×3, (0, 1); a rank-0 input is its own logsumexp.
      if (shapes.x.length === 0) return `torch.logsumexp(${x}.reshape(1), 0)`;
      const dims =
        p.all !== false
          ? `, dim=${py.ints(shapes.x.map((_, i) => i))}${p.keepdim === true ? ', keepdim=True' : ''}`
          : torchDims(shapes.x, p, py);
      return `torch.logsumexp(${x}${dims})`;
    },
    ...kernels,
    // Sum and mean are linear: forward mode reduces the tangent the same way (logsumexp's JVP comes from its backward).
    jvp: torchName ? (_inputs, _out, t, p) => kernels.forward({ x: t.x }, p) : undefined,
    cost: ({ x }) => ({ params: 0, macs: sizeOf(x) }), // one accumulate per input element
  };
}

/** Sum of all elements (rank-0 result), or over one or several axes: torch.sum. */
export const sum = reduction('sum', 'Sum', ['reduce', 'total', 'Σ'], SUM, '∂(Σ x)/∂x_i = 1');

/** Mean of all elements (rank-0 result), or over one or several axes: torch.mean. */
export const mean = reduction('mean', 'Mean', ['average', 'reduce'], MEAN, '∂ mean(x)/∂x_i = 1/n (n elements averaged)');

/** log Σ exp x over all elements or some axes, computed without overflow: torch.logsumexp. */
export const logsumexp = reduction(
  'logsumexp',
  'LogSumExp',
  ['soft maximum', 'LSE', 'log partition'],
  LOGSUMEXP,
  '∂ logsumexp(x)/∂x_i = softmax(x)_i over the group',
);
