import { sizeOf, type Shape, type Tensor } from '../../tensor/tensor';
import { num, type Params, type TensorOp } from '../types';
import { around, axisIndex } from './shape-ops';

/**
 * Calls `f` once per row along the axis with the row's first offset and the stride between its
 * elements (element k of the row sits at base + k·stride).
 */
function eachRow(op: string, shape: Shape, p: Params, f: (base: number, stride: number, n: number) => void): void {
  const { outer, n, inner } = around(shape, axisIndex(op, 'axis', num(p, 'axis'), shape));
  for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) f(o * n * inner + i, inner, n);
}

/** log Σ exp(x_k) over one row (element k at base + k·stride), shifted by the row's max so no exp overflows. */
export function logSumExp(x: Float64Array, base: number, stride: number, n: number): number {
  let m = -Infinity;
  for (let k = 0; k < n; k++) m = Math.max(m, x[base + k * stride]);
  let s = 0;
  for (let k = 0; k < n; k++) s += Math.exp(x[base + k * stride] - m);
  return m + Math.log(s);
}

const axisParam = { name: 'axis', kind: 'int', default: -1, label: 'axis (-1: the last)' } as const;

function softmaxLike(log: boolean): TensorOp {
  const type = log ? 'logSoftmax' : 'softmax';
  return {
    kind: 'tensor',
    type,
    group: 'Activations',
    title: log ? 'Log-softmax' : 'Softmax',
    keywords: log ? ['log softmax', 'log probabilities'] : ['probabilities', 'normalized exponential'],
    inputs: [{ name: 'x' }],
    params: [axisParam],
    symbol: () => (log ? 'log σ' : 'softmax'),
    summary: (p) => (num(p, 'axis') === -1 ? '' : `axis ${num(p, 'axis')}`),
    text: ([x]) => `${type}(${x})`,
    latex: ([x]) => (log ? `\\log \\mathrm{softmax}(${x})` : `\\mathrm{softmax}(${x})`),
    rule: () => ({ x: log ? '∂y_i/∂x_j = δ_ij − softmax(x)_j' : '∂y_i/∂x_j = y_i (δ_ij − y_j)' }),
    torch: ({ args: { x }, params }) => `torch.${log ? 'log_softmax' : 'softmax'}(${x}, dim=${num(params, 'axis')})`,
    shape: ({ x }, p) => {
      axisIndex(type, 'axis', num(p, 'axis'), x);
      return x;
    },
    forward: ({ x }, p): Tensor => {
      const data = new Float64Array(x.data.length);
      eachRow(type, x.shape, p, (base, stride, n) => {
        const lse = logSumExp(x.data, base, stride, n);
        for (let k = 0; k < n; k++) {
          const j = base + k * stride;
          data[j] = log ? x.data[j] - lse : Math.exp(x.data[j] - lse);
        }
      });
      return { shape: [...x.shape], data };
    },
    // softmax: g·J = y ⊙ (g − ⟨g, y⟩); log-softmax: g·J = g − softmax(x)·Σg. Both per row.
    backward: ({ x }, out, g, p) => {
      const gx = new Float64Array(x.data.length);
      eachRow(type, x.shape, p, (base, stride, n) => {
        let s = 0;
        for (let k = 0; k < n; k++) {
          const j = base + k * stride;
          s += log ? g.data[j] : g.data[j] * out.data[j];
        }
        for (let k = 0; k < n; k++) {
          const j = base + k * stride;
          gx[j] = log ? g.data[j] - Math.exp(out.data[j]) * s : out.data[j] * (g.data[j] - s);
        }
      });
      return { x: { shape: [...x.shape], data: gx } };
    },
    cost: ({ x }) => ({ params: 0, macs: sizeOf(x) }), // one exp-accumulate per element; the exps themselves are not MACs
  };
}

/** exp(x_i) / Σ_j exp(x_j) along `axis`, computed stably (softmax(x + c) = softmax(x)). */
export const softmax = softmaxLike(false);

/** x_i − log Σ_j exp(x_j) along `axis`: log(softmax(x)) without the underflow of taking log of a tiny p. */
export const logSoftmax = softmaxLike(true);
