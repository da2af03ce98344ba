import { sizeOf, type Shape, type Tensor } from '../../tensor/tensor';
import { num, type Params, type TensorOp } from '../types';
import { around, axisIndex } from './shape-ops';

/** Which elements fold into each output: rows of `n` elements laid out as outer × n × inner. */
function plan(op: string, x: Shape, p: Params) {
  const keep = p.keepdim === true;
  if (p.all !== false) return { outer: 1, n: sizeOf(x), inner: 1, out: keep ? x.map(() => 1) : [] };
  const a = axisIndex(op, 'axis', num(p, 'axis'), x);
  return { ...around(x, a), out: keep ? x.map((d, i) => (i === a ? 1 : d)) : x.filter((_, i) => i !== a) };
}

function reduction(type: 'sum' | 'mean', title: string, keywords: string[]): TensorOp {
  const scale = (n: number) => (type === 'mean' ? 1 / n : 1);
  const forward = (x: Tensor, p: Params): Tensor => {
    const { outer, n, inner, out } = plan(type, x.shape, p);
    const data = new Float64Array(outer * inner);
    for (let o = 0; o < outer; o++) {
      for (let k = 0; k < n; k++) {
        for (let i = 0; i < inner; i++) data[o * inner + i] += x.data[(o * n + k) * inner + i];
      }
    }
    const s = scale(n);
    if (s !== 1) for (let j = 0; j < data.length; j++) data[j] *= s;
    return { shape: out, data };
  };
  const where = (p: Params) => (p.all !== false ? '' : `, axis=${num(p, 'axis')}`);
  return {
    kind: 'tensor',
    type,
    group: 'Tensor',
    title,
    keywords,
    inputs: [{ name: 'x' }],
    params: [
      { name: 'all', kind: 'bool', default: true, label: 'over all elements' },
      { name: 'axis', kind: 'int', default: -1, label: 'axis (when not over all)' },
      { name: 'keepdim', kind: 'bool', default: false, label: 'keep the reduced axis as size 1' },
    ],
    symbol: () => (type === 'sum' ? 'Σ' : 'mean'),
    summary: (p) => (p.all !== false ? '' : `axis ${num(p, 'axis')}`),
    text: ([x], p) => `${type}(${x}${where(p)})`,
    latex: ([x]) => (type === 'sum' ? `\\sum ${x}` : `\\operatorname{mean}(${x})`),
    rule: () => ({ x: type === 'sum' ? '∂(Σ x)/∂x_i = 1' : '∂ mean(x)/∂x_i = 1/n (n elements averaged)' }),
    torch: ({ args: { x }, params: p, shapes }, py) => {
      const keep = p.keepdim === true;
      if (p.all !== false) {
        // Over everything with keepdim: every axis named, so each stays as size 1 (the engine's shape).
        const rank = shapes.x.length;
        return keep && rank > 0 ? `${x}.${type}(dim=${py.ints([...Array(rank).keys()])}, keepdim=True)` : `${x}.${type}()`;
      }
      return `${x}.${type}(dim=${num(p, 'axis')}${keep ? ', keepdim=True' : ''})`;
    },
    shape: ({ x }, p) => plan(type, x, p).out,
    forward: ({ x }, p) => forward(x, p),
    jvp: (_in, _out, t, p) => forward(t.x, p), // linear: the tangent is reduced the same way
    // Every element of a row receives the row's output gradient (divided by n for the mean).
    backward: ({ x }, _out, g, p) => {
      const { outer, n, inner } = plan(type, x.shape, p);
      const s = scale(n);
      const gx = new Float64Array(x.data.length);
      for (let o = 0; o < outer; o++) {
        for (let k = 0; k < n; k++) {
          for (let i = 0; i < inner; i++) gx[(o * n + k) * inner + i] = g.data[o * inner + i] * s;
        }
      }
      return { x: { shape: [...x.shape], data: gx } };
    },
    cost: ({ x }) => ({ params: 0, macs: sizeOf(x) }), // one accumulate per input element
  };
}

/** Sum of all elements (rank-0 result), or along one axis when `all` is off. */
export const sum = reduction('sum', 'Sum', ['reduce', 'total', 'Σ']);

/** Mean of all elements (rank-0 result), or along one axis when `all` is off. */
export const mean = reduction('mean', 'Mean', ['average', 'reduce']);
