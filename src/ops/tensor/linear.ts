import { formatShape } from '../../format/shape';
import { zeros, type Shape, type Tensor } from '../../tensor/tensor';
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

/** Rows of x (1 for a vector) and the output shape, or an OpError naming what to change. */
function rowsOf(x: Shape, c: LinearConfig): { rows: number; out: Shape } {
  if (x.length !== 1 && x.length !== 2) throw new OpError(`linear expects [in] or [N, in], got ${formatShape(x)}`);
  const features = x[x.length - 1];
  if (features !== c.in) {
    throw new OpError(`linear expects ${c.in} input features, got ${features} (set inFeatures to ${features})`);
  }
  return x.length === 1 ? { rows: 1, out: [c.out] } : { rows: x[0], out: [x[0], c.out] };
}

/** Fully connected layer, PyTorch's Linear: y = W x + b, batched as X Wᵀ + b with W of shape out×in. */
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
    const rows = inputs.x?.length === 2 ? inputs.x[0] : 1;
    return { params: c.out * (c.in + (c.bias ? 1 : 0)), macs: rows * c.out * c.in };
  },
  implicit: (port, _inputs, p) => {
    const c = readConfig(p);
    return implicitWeights(port, [c.out, c.in], p);
  },
};

/** m, k, n of a product; a batch B×m×k is read as one (B·m)×k matrix. */
function dims(a: Shape | undefined, b: Shape | undefined): { m: number; k: number; n: number; out: Shape } {
  if (!a || !b) throw new OpError('matmul needs tensors on both its "a" and "b" ports');
  if (a.length !== 2 && a.length !== 3) throw new OpError(`matmul expects a to be m×k or B×m×k, got ${formatShape(a)}`);
  if (b.length !== 2) throw new OpError(`matmul expects b to be k×n, got ${formatShape(b)}`);
  const k = a[a.length - 1];
  if (b[0] !== k) {
    throw new OpError(
      `matmul inner dimensions differ: a is ${formatShape(a)}, b is ${formatShape(b)} (a's last dimension must equal b's first)`,
    );
  }
  const m = a.length === 3 ? a[0] * a[1] : a[0];
  return { m, k, n: b[1], out: [...a.slice(0, -1), b[1]] };
}

/** Matrix product C = A·B of an m×k (or batched B×m×k) and a k×n matrix. */
export const matmul: TensorOp = {
  kind: 'tensor',
  type: 'matmul',
  group: 'Tensor',
  title: 'MatMul',
  keywords: ['matrix multiply', 'matrix product', 'dot', '@', 'gemm'],
  inputs: [{ name: 'a' }, { name: 'b' }],
  params: [],
  symbol: () => 'A·B',
  text: ([a, b]) => `${a} @ ${b}`,
  latex: ([a, b]) => `${a} \\, ${b}`,
  torch: '{a} @ {b}',
  rule: () => ({ a: '∂L/∂A = ∂L/∂C · Bᵀ', b: '∂L/∂B = Aᵀ · ∂L/∂C' }),
  shape: (inputs) => dims(inputs.a, inputs.b).out,
  forward(inputs) {
    const a = required('matmul', inputs, 'a');
    const b = required('matmul', inputs, 'b');
    const { m, k, n, out } = dims(a.shape, b.shape);
    const c = zeros(out);
    gemm(m, n, k, mat(a.data, k), mat(b.data, n), mat(c.data, n));
    return c;
  },
  backward(inputs, _out, dc) {
    const a = required('matmul', inputs, 'a');
    const b = required('matmul', inputs, 'b');
    const { m, k, n } = dims(a.shape, b.shape);
    const da = zeros(a.shape);
    const db = zeros(b.shape);
    gemm(m, k, n, mat(dc.data, n), matT(b.data, n), mat(da.data, k));
    gemm(k, n, m, matT(a.data, k), mat(dc.data, n), mat(db.data, n));
    return { a: da, b: db };
  },
  // Bilinear: d(A·B) = dA·B + A·dB, two products instead of one backward pass per output element.
  jvp(inputs, out, t) {
    const terms = [t.a && matmul.forward({ a: t.a, b: inputs.b }, {}), t.b && matmul.forward({ a: inputs.a, b: t.b }, {})];
    const dc = zeros(out.shape);
    for (const term of terms) if (term) for (let i = 0; i < dc.data.length; i++) dc.data[i] += term.data[i];
    return dc;
  },
  /** No parameters; MACs m·k·n (B·m·k·n batched). */
  cost(inputs) {
    const { m, k, n } = dims(inputs.a, inputs.b);
    return { params: 0, macs: m * k * n };
  },
};
