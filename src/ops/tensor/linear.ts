import { formatShape } from '../../format/shape';
import { sizeOf, zeros, type Shape, type Tensor } from '../../tensor/tensor';
import { OpError, type Params, type TensorOp } from '../types';
import { gemm, mat, matT } from './kernels/gemm';
import { WEIGHT_PARAMS, checkWeights, hasBias, implicitWeights, readInt, required } from './weights';

const LAYOUT = 'outFeatures×inFeatures';

interface LinearConfig {
  readonly in: number;
  readonly out: number;
  readonly bias: boolean;
}

const readConfig = (p: Params): LinearConfig => ({
  in: readInt(p, 'inFeatures', 1, 1),
  out: readInt(p, 'outFeatures', 1, 1),
  bias: hasBias(p),
});

/** Rows of x (every dim but the last, as torch's [..., in]; 1 for a vector) and the output shape, or an OpError naming what to change. */
function rowsOf(x: Shape, c: LinearConfig): { rows: number; out: Shape } {
  if (x.length === 0) throw new OpError(`linear expects [..., ${c.in}] (features last), got a scalar`);
  const features = x[x.length - 1];
  if (features !== c.in) {
    throw new OpError(
      `linear expects ${c.in} input features in the last dim, got ${features} of ${formatShape(x)} (set inFeatures to ${features})`,
    );
  }
  return { rows: sizeOf(x.slice(0, -1)), out: [...x.slice(0, -1), c.out] };
}

/** Fully connected layer, PyTorch's Linear: y = W x + b on the last dim of x ([..., in] → [..., out]), as X Wᵀ + b with W of shape out×in. */
export const linear: TensorOp = {
  kind: 'tensor',
  type: 'linear',
  group: 'Tensor',
  title: 'Linear',
  keywords: ['fully connected', 'dense', 'fc', 'affine', 'Wx+b'],
  inputs: [{ name: 'x' }, { name: 'weight', param: true }, { name: 'bias', param: true }],
  params: [
    { name: 'inFeatures', kind: 'int', default: 1, min: 1, label: 'input features' },
    { name: 'outFeatures', kind: 'int', default: 1, min: 1, label: 'output features' },
    ...WEIGHT_PARAMS,
  ],
  symbol: () => 'linear',
  summary(p) {
    const c = readConfig(p);
    return `${c.in}→${c.out}`;
  },
  text: (args) => `linear(${args.join(', ')})`,
  latex(args, p) {
    const [x, w = 'W', b = 'b'] = args;
    return hasBias(p) ? `${w} ${x} + ${b}` : `${w} ${x}`;
  },
  torch: ({ args: { x, weight, bias } }) => `F.linear(${x}, ${weight}${bias ? `, ${bias}` : ''})`,
  rule(p) {
    const rules: Record<string, string> = {
      x: '∂L/∂x = Wᵀ · ∂L/∂y',
      weight: '∂L/∂W = ∂L/∂y · xᵀ (summed over the batch)',
    };
    if (hasBias(p)) rules.bias = '∂L/∂b = ∂L/∂y (summed over the batch)';
    return rules;
  },
  shape(inputs, p) {
    const c = readConfig(p);
    checkWeights('linear', inputs, [c.out, c.in], LAYOUT, p);
    const x = inputs.x;
    if (!x) throw new OpError('linear needs a tensor on its "x" port');
    return rowsOf(x, c).out;
  },
  forward(inputs, p) {
    const c = readConfig(p);
    const x = required('linear', inputs, 'x');
    const w = required('linear', inputs, 'weight');
    const b = c.bias ? required('linear', inputs, 'bias') : undefined;
    checkWeights('linear', { weight: w.shape, ...(b && { bias: b.shape }) }, [c.out, c.in], LAYOUT, p);
    const { rows, out } = rowsOf(x.shape, c);
    const y = zeros(out);
    if (b) for (let r = 0; r < rows; r++) y.data.set(b.data, r * c.out);
    gemm(rows, c.out, c.in, mat(x.data, c.in), matT(w.data, c.in), mat(y.data, c.out));
    return y;
  },
  backward(inputs, _out, dy, p) {
    const c = readConfig(p);
    const x = required('linear', inputs, 'x');
    const w = required('linear', inputs, 'weight');
    const { rows } = rowsOf(x.shape, c);
    const dx = zeros(x.shape);
    const dw = zeros(w.shape);
    gemm(rows, c.in, c.out, mat(dy.data, c.out), mat(w.data, c.in), mat(dx.data, c.in));
    gemm(c.out, c.in, rows, matT(dy.data, c.out), mat(x.data, c.in), mat(dw.data, c.in));
    const grads: Record<string, Tensor> = { x: dx, weight: dw };
    if (!c.bias) return grads;
    const db = zeros([c.out]);
    for (let r = 0; r < rows; r++) {
      for (let o = 0; o < c.out; o++) db.data[o] += dy.data[r * c.out + o];
    }
    grads.bias = db;
    return grads;
  },
  /** Params out·(in + 1); MACs out·in per row of x. */
  cost(inputs, _out, p) {
    const c = readConfig(p);
    const rows = inputs.x ? sizeOf(inputs.x.slice(0, -1)) : 1;
    return { params: c.out * (c.in + (c.bias ? 1 : 0)), macs: rows * c.out * c.in };
  },
  implicit: (port, _inputs, p) => {
    const c = readConfig(p);
    return implicitWeights(port, [c.out, c.in], p);
  },
};
