import { sizeOf } from '../../tensor/tensor';
import type { Params, TensorOp } from '../types';
import { reduceKernels, reduceParams, torchDims, whereArg, whereText, type GroupRule } from './reduce-plan';

const meanOf = (v: Float64Array) => v.reduce((a, b) => a + b, 0) / v.length;

/** n − 1 with Bessel's correction (torch's default, unbiased), else n. */
const divisor = (n: number, p: Params) => (p.unbiased === false ? n : n - 1);

const VAR: GroupRule = {
  value: (v, p) => {
    const m = meanOf(v);
    return v.reduce((a, e) => a + (e - m) ** 2, 0) / divisor(v.length, p);
  },
  local: (v, _out, p) => {
    const m = meanOf(v);
    return v.map((e) => (2 * (e - m)) / divisor(v.length, p));
  },
};

const STD: GroupRule = {
  value: (v, p, plan) => Math.sqrt(VAR.value(v, p, plan)),
  local: (v, out, p) => {
    const m = meanOf(v);
    return v.map((e) => (e - m) / (divisor(v.length, p) * out));
  },
};

function moment(type: 'var' | 'std', rule: GroupRule): TensorOp {
  return {
    kind: 'tensor',
    type,
    group: 'Tensor',
    title: type === 'var' ? 'Variance' : 'Standard deviation',
    keywords: type === 'var' ? ['variance', 'spread', 'second moment'] : ['std', 'deviation', 'spread', 'sigma'],
    inputs: [{ name: 'x' }],
    params: [
      ...reduceParams(),
      { name: 'unbiased', kind: 'bool', default: true, label: 'unbiased: divide by n − 1 (torch’s default), else by n' },
    ],
    symbol: () => (type === 'var' ? 'var' : 'std'),
    summary: (p) => [whereText(p), p.unbiased === false ? '/n' : ''].filter(Boolean).join(' '),
    text: ([x], p) => `${type}(${x}${whereArg(p)})`,
    latex: ([x]) => (type === 'var' ? `\\operatorname{Var}(${x})` : `\\sigma(${x})`),
    rule: () => ({
      x:
        type === 'var'
          ? '∂ var/∂x_i = 2 (x_i − mean) / (n − 1), or / n when not unbiased'
          : '∂ std/∂x_i = (x_i − mean) / ((n − 1) · std), or n · std',
    }),
    torch: ({ args: { x }, params: p, shapes }, py) => {
      const unbiased = `unbiased=${p.unbiased === false ? 'False' : 'True'}`;
      return `torch.${type}(${x}${torchDims(shapes.x, p, py)}, ${unbiased})`;
    },
    ...reduceKernels(type, rule),
    cost: ({ x }) => ({ params: 0, macs: 2 * sizeOf(x) }), // the mean, then the squared deviations
  };
}

/** Variance over all, one or several axes, unbiased by default: torch.var. */
export const variance = moment('var', VAR);

/** Standard deviation over all, one or several axes, unbiased by default: torch.std. */
export const std = moment('std', STD);

const ORDERS = ['1', '2', 'inf'] as const;

const NORM: GroupRule = {
  value: (v, p) => {
    if (p.ord === '1') return v.reduce((a, e) => a + Math.abs(e), 0);
    if (p.ord === 'inf') return v.reduce((a, e) => Math.max(a, Math.abs(e)), 0);
    let s = 0;
    for (let t = 0; t < v.length; t++) s += v[t] * v[t];
    return Math.sqrt(s);
  },
  local: (v, out, p) => {
    if (p.ord === '1') return v.map(Math.sign);
    // As torch: the 2-norm's gradient is 0 where the norm is 0; the ∞-norm's is split evenly among the tied largest |x_i|.
    if (p.ord === '2') return v.map((e) => (out === 0 ? 0 : e / out));
    const ties = v.filter((e) => Math.abs(e) === out).length;
    return v.map((e) => (Math.abs(e) === out ? Math.sign(e) / ties : 0));
  },
};

/** The vector 1-, 2- or ∞-norm over all, one or several axes: torch.linalg.vector_norm. */
export const norm: TensorOp = {
  kind: 'tensor',
  type: 'norm',
  group: 'Tensor',
  title: 'Norm',
  keywords: ['vector norm', 'L1', 'L2', 'Euclidean', 'magnitude', 'max norm'],
  inputs: [{ name: 'x' }],
  params: [...reduceParams(), { name: 'ord', kind: 'enum', default: '2', options: ORDERS, label: 'p: 1, 2 or inf' }],
  symbol: () => '‖·‖',
  summary: (p) => [`p=${String(p.ord)}`, whereText(p)].filter(Boolean).join(' '),
  text: ([x], p) => `norm(${x}, ${String(p.ord)}${whereArg(p)})`,
  latex: ([x], p) => `\\lVert ${x} \\rVert_{${p.ord === 'inf' ? '\\infty' : String(p.ord)}}`,
  rule: () => ({ x: 'p=1: sign(x_i); p=2: x_i / ‖x‖ (0 at 0); p=inf: sign(x_i) at the largest |x_i|, split among ties' }),
  torch: ({ args: { x }, params: p, shapes }, py) => {
    const ord = p.ord === 'inf' ? "float('inf')" : String(p.ord);
    return `torch.linalg.vector_norm(${x}, ${ord}${torchDims(shapes.x, p, py)})`;
  },
  ...reduceKernels('norm', NORM),
  cost: ({ x }) => ({ params: 0, macs: sizeOf(x) }),
};
