import { formatShape } from '../../format/shape';
import { sameShape, sizeOf, type Shape, type Tensor } from '../../tensor/tensor';
import { num, OpError, type ParamSpec, type Params, type TensorOp } from '../types';

const reductionParam: ParamSpec = { name: 'reduction', kind: 'enum', default: 'mean', options: ['mean', 'sum'], label: 'over the batch' };

/** 1/N for the mean over a batch (PyTorch's default), 1 for the sum. */
const batchScale = (p: Params, n: number): number => (p.reduction === 'sum' ? 1 : 1 / n);

/** In PyTorch: anything but 'sum' is the mean, torch's default. */
const torchReduction = (p: Params): 'sum' | 'mean' => (p.reduction === 'sum' ? 'sum' : 'mean');

const scalar = (v: number): Tensor => ({ shape: [], data: Float64Array.of(v) });

/** Batch size N and class count C of scores [C] or [N, C], after checking the target's shape against them. */
function classes(op: string, port: string, scores: Shape, target: Shape, soft: boolean): { N: number; C: number } {
  if (scores.length !== 1 && scores.length !== 2) {
    throw new OpError(`${op} expects ${port} of shape C or N×C (one row of class scores per sample), got ${formatShape(scores)}`);
  }
  const want = soft ? scores : scores.slice(0, 1 - scores.length);
  if (!sameShape(target, want)) {
    const expect = want.length ? `of shape ${formatShape(want)}` : 'to be a scalar (one class index)';
    const hint = !soft && sameShape(target, scores) ? "; for one-hot or soft targets set targetKind to 'probabilities'" : '';
    throw new OpError(`${op} expects target ${expect} for ${port} ${formatShape(scores)}, got ${formatShape(target)}${hint}`);
  }
  return { N: scores.length === 2 ? scores[0] : 1, C: scores[scores.length - 1] };
}

/** Class indices from a target tensor; a value that is not one is the user's error, so an OpError. */
const labels = (op: string, t: Tensor, C: number): Int32Array =>
  Int32Array.from(t.data, (v) => {
    if (!Number.isInteger(v)) throw new OpError(`${op} target ${v} is not a class index: use a whole number from 0 to ${C - 1}`, 'domain');
    if (v < 0 || v >= C) throw new OpError(`${op} target index ${v} is out of range for ${C} classes (use 0 to ${C - 1})`, 'domain');
    return v;
  });

const mseScale = (p: Params, n: number): number => (p.half === true ? 0.5 : 1) * (p.reduction === 'sum' ? 1 : 1 / n);

/** Squared error Σ (y − t)², averaged over all elements (PyTorch's MSELoss) or summed, optionally halved. */
export const mse: TensorOp = {
  kind: 'tensor',
  type: 'mse',
  group: 'Losses',
  title: 'Mean squared error',
  keywords: ['squared error', 'L2 loss', 'regression'],
  inputs: [{ name: 'prediction' }, { name: 'target' }],
  params: [reductionParam, { name: 'half', kind: 'bool', default: false, label: 'multiply by ½' }],
  symbol: () => 'MSE',
  summary: (p) => `${String(p.reduction)}${p.half === true ? ', ½' : ''}`,
  text: ([y, t], p) => `${p.half === true ? '1/2 * ' : ''}${p.reduction === 'sum' ? 'sum' : 'mean'}((${y} - ${t})^2)`,
  latex: ([y, t], p) => {
    const c = p.reduction === 'sum' ? (p.half === true ? '\\frac{1}{2}' : '') : p.half === true ? '\\frac{1}{2n}' : '\\frac{1}{n}';
    return `${c}\\sum_i (${y}_i - ${t}_i)^2`;
  },
  torch: ({ args: { prediction, target }, params }) => {
    const loss = `F.mse_loss(${prediction}, ${target}, reduction='${torchReduction(params)}')`;
    return params.half === true ? `0.5 * ${loss}` : loss;
  },
  rule: () => ({ prediction: '∂L/∂y = 2k (y − t)', target: '∂L/∂t = −2k (y − t), k the ½ and 1/n factors' }),
  shape: ({ prediction, target }) => {
    if (!sameShape(prediction, target)) {
      throw new OpError(`mse expects prediction and target of the same shape, got ${formatShape(prediction)} and ${formatShape(target)}`);
    }
    return [];
  },
  forward: ({ prediction: y, target: t }, p) => {
    mse.shape({ prediction: y.shape, target: t.shape }, p);
    let L = 0;
    for (let i = 0; i < y.data.length; i++) L += (y.data[i] - t.data[i]) ** 2;
    return scalar(L * mseScale(p, y.data.length));
  },
  backward: ({ prediction: y, target: t }, _out, g, p) => {
    const k = 2 * g.data[0] * mseScale(p, y.data.length);
    const gy = y.data.map((v, i) => k * (v - t.data[i]));
    return { prediction: { shape: [...y.shape], data: gy }, target: { shape: [...t.shape], data: gy.map((v) => -v) } };
  },
  cost: ({ prediction }) => ({ params: 0, macs: sizeOf(prediction) }), // one square-accumulate per element
};

/** Calls `f` for each sample's wrong class j whose hinge s_j − s_y + margin is active (> 0); returns N. */
function eachActive(s: Tensor, t: Tensor, p: Params, f: (j: number, yj: number, hinge: number) => void): number {
  const { N, C } = classes('svmHinge', 'scores', s.shape, t.shape, false);
  const y = labels('svmHinge', t, C);
  const margin = num(p, 'margin');
  for (let n = 0; n < N; n++) {
    const yj = n * C + y[n];
    for (let j = n * C; j < (n + 1) * C; j++) {
      const hinge = s.data[j] - s.data[yj] + margin;
      if (j !== yj && hinge > 0) f(j, yj, hinge);
    }
  }
  return N;
}

/** Multiclass SVM loss (Weston–Watkins, CS231n's): L_i = Σ_{j≠y} max(0, s_j − s_y + margin). */
export const svmHinge: TensorOp = {
  kind: 'tensor',
  type: 'svmHinge',
  group: 'Losses',
  title: 'Multiclass SVM (hinge)',
  keywords: ['hinge', 'svm', 'margin loss'],
  inputs: [{ name: 'scores' }, { name: 'target' }],
  params: [{ name: 'margin', kind: 'number', default: 1, label: 'margin Δ' }, reductionParam],
  symbol: () => 'SVM',
  summary: (p) => `Δ=${num(p, 'margin')}, ${String(p.reduction)}`,
  text: ([s, t]) => `svm_hinge(${s}, ${t})`,
  latex: ([s, t]) => `\\sum_{j \\ne ${t}} \\max(0, ${s}_j - ${s}_{${t}} + \\Delta)`,
  // torch's multi_margin_loss divides the hinge sum by the class count, so the exams' loss is written out.
  torch: ({ args: { scores: s, target }, params, shapes }, py) => {
    const dims = shapes.scores;
    const y = `${target}.long().unsqueeze(-1)`;
    // relu, not clamp: clamp passes the gradient at exactly 0, the engine counts a hinge only when > 0.
    const hinge = `torch.relu(${s} - ${s}.gather(-1, ${y}) + ${py.float(num(params, 'margin'))})`;
    const others = `(torch.arange(${dims[dims.length - 1]}, device=${s}.device) != ${y})`;
    const total = `(${hinge} * ${others}).sum()`;
    return torchReduction(params) === 'sum' ? total : `${total} / ${dims.length === 2 ? dims[0] : 1}`;
  },
  indexPorts: () => ['target'],
  rule: () => ({
    scores: '∂L/∂s_j = 1 per active hinge j ≠ y; ∂L/∂s_y = −(number of active hinges)',
    target: 'none: a class index is a label (no gradient, as in PyTorch)',
  }),
  shape: ({ scores, target }) => {
    classes('svmHinge', 'scores', scores, target, false);
    return [];
  },
  forward: ({ scores, target }, p) => {
    let L = 0;
    const N = eachActive(scores, target, p, (_j, _y, hinge) => (L += hinge));
    return scalar(L * batchScale(p, N));
  },
  backward: ({ scores, target }, _out, g, p) => {
    const gs = new Float64Array(scores.data.length);
    const N = eachActive(scores, target, p, (j, yj) => {
      gs[j] += 1;
      gs[yj] -= 1;
    });
    const k = g.data[0] * batchScale(p, N);
    return { scores: { shape: [...scores.shape], data: gs.map((v) => v * k) } };
  },
  cost: ({ scores }) => ({ params: 0, macs: sizeOf(scores) }), // one compare-accumulate per score
};
