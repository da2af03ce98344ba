import { formatShape } from '../../format/shape';
import { sizeOf, strides, zeros, type Shape } from '../../tensor/tensor';
import { OpError, type TensorOp } from '../types';
import { gemm, mat, matT } from './kernels/gemm';
import { required } from './weights';

/**
 * torch.matmul's reading of two shapes: a 1-D a is a row [1, k] and a 1-D b a column [k, 1] (the
 * added dim is dropped from the result); the dims before the last two are batch dims, broadcast.
 */
interface Product {
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly batch: Shape;
  /** Flat batch index of a (of b) for each flat index of the broadcast batch. */
  readonly aAt: Int32Array;
  readonly bAt: Int32Array;
  readonly out: Shape;
}

/** For each index of the broadcast batch, the flat index into a batch of shape `own` (its size-1 and missing dims repeat). */
function batchIndex(batch: Shape, own: Shape): Int32Array {
  const lead = batch.length - own.length;
  const st = strides(own);
  const bst = strides(batch);
  return Int32Array.from({ length: sizeOf(batch) }, (_, i) => {
    let o = 0;
    for (let d = lead; d < batch.length; d++) {
      if (own[d - lead] !== 1) o += (Math.floor(i / bst[d]) % batch[d]) * st[d - lead];
    }
    return o;
  });
}

function product(a: Shape | undefined, b: Shape | undefined): Product {
  if (!a || !b) throw new OpError('matmul needs tensors on both its "a" and "b" ports');
  if (a.length === 0 || b.length === 0) {
    throw new OpError(`matmul needs at least one dim on each side (use mul for a scalar): a is ${formatShape(a)}, b is ${formatShape(b)}`);
  }
  const A = a.length === 1 ? [1, a[0]] : a;
  const B = b.length === 1 ? [b[0], 1] : b;
  const [m, k] = A.slice(-2);
  const [k2, n] = B.slice(-2);
  if (k !== k2) {
    const bDim = b.length === 1 ? 'only' : 'second-to-last';
    throw new OpError(
      `matmul inner dimensions differ: a is ${formatShape(a)}, b is ${formatShape(b)} (a's last dim, ${k}, must equal b's ${bDim} dim, ${k2})`,
    );
  }
  const ba = A.slice(0, -2);
  const bb = B.slice(0, -2);
  const rank = Math.max(ba.length, bb.length);
  const batch: number[] = [];
  for (let d = 0; d < rank; d++) {
    const x = ba[d - rank + ba.length] ?? 1;
    const y = bb[d - rank + bb.length] ?? 1;
    if (x !== y && x !== 1 && y !== 1) {
      throw new OpError(
        `matmul batch dims do not broadcast: a is ${formatShape(a)}, b is ${formatShape(b)} (batch dim ${d - rank}: ${x} vs ${y}; each must be equal or 1)`,
      );
    }
    batch.push(x === 1 ? y : x);
  }
  const out = [...batch, ...(a.length === 1 ? [] : [m]), ...(b.length === 1 ? [] : [n])];
  return { m, k, n, batch, aAt: batchIndex(batch, ba), bAt: batchIndex(batch, bb), out };
}

/** The matrix product with torch.matmul's rules: 1-D operands, batch dims on both sides, broadcast. */
export const matmul: TensorOp = {
  kind: 'tensor',
  type: 'matmul',
  group: 'Tensor',
  title: 'MatMul',
  keywords: ['matrix multiply', 'matrix product', 'dot', '@', 'gemm', 'bmm', 'batched'],
  inputs: [{ name: 'a' }, { name: 'b' }],
  params: [],
  symbol: () => 'A·B',
  text: ([a, b]) => `${a} @ ${b}`,
  latex: ([a, b]) => `${a} \\, ${b}`,
  torch: '{a} @ {b}',
  rule: () => ({
    a: '∂L/∂A = ∂L/∂C · Bᵀ (summed over the batch dims A was broadcast along)',
    b: '∂L/∂B = Aᵀ · ∂L/∂C (summed over the batch dims B was broadcast along)',
  }),
  shape: (inputs) => product(inputs.a, inputs.b).out,
  forward(inputs) {
    const a = required('matmul', inputs, 'a');
    const b = required('matmul', inputs, 'b');
    const { m, k, n, aAt, bAt, out } = product(a.shape, b.shape);
    const c = zeros(out);
    for (let i = 0; i < aAt.length; i++) {
      gemm(m, n, k, mat(a.data, k, aAt[i] * m * k), mat(b.data, n, bAt[i] * k * n), mat(c.data, n, i * m * n));
    }
    return c;
  },
  backward(inputs, _out, dc) {
    const a = required('matmul', inputs, 'a');
    const b = required('matmul', inputs, 'b');
    const { m, k, n, aAt, bAt } = product(a.shape, b.shape);
    const da = zeros(a.shape);
    const db = zeros(b.shape);
    // gemm accumulates, so a batch entry of a read by several output batches sums their gradients.
    for (let i = 0; i < aAt.length; i++) {
      gemm(m, k, n, mat(dc.data, n, i * m * n), matT(b.data, n, bAt[i] * k * n), mat(da.data, k, aAt[i] * m * k));
      gemm(k, n, m, matT(a.data, k, aAt[i] * m * k), mat(dc.data, n, i * m * n), mat(db.data, n, bAt[i] * k * n));
    }
    return { a: da, b: db };
  },
  // Bilinear: d(A·B) = dA·B + A·dB, two products instead of one backward pass per output element.
  jvp(inputs, out, t) {
    const terms = [t.a && matmul.forward({ a: t.a, b: inputs.b }, {}), t.b && matmul.forward({ a: inputs.a, b: t.b }, {})];
    const dc = zeros(out.shape);
    for (const term of terms) if (term) for (let i = 0; i < dc.data.length; i++) dc.data[i] += term.data[i];
    return dc;
  },
  /** No parameters; MACs m·k·n per matrix of the broadcast batch. */
  cost(inputs) {
    const { m, k, n, batch } = product(inputs.a, inputs.b);
    return { params: 0, macs: sizeOf(batch) * m * k * n };
  },
};
