import { formatShape } from '../../format/shape';
import { sameShape, sizeOf, type Shape, type Tensor } from '../../tensor/tensor';
import { num, OpError, type ParamSpec, type Params, type PythonLiterals, type TensorOp } from '../types';
import { reduce, reductionOf, reductionParam, upstream } from './loss-reduction';
import { logSumExp } from './softmax';

/**
 * Scores of shape C (one sample), N×C, or N×C×d1×…×dk (a class score per pixel, as for
 * segmentation): N samples, C classes, S = d1·…·dk positions per sample. Element (n, c, s) sits at
 * (n·C + c)·S + s, position (n, s) at n·S + s; `each` is the shape of the per-position losses.
 */
interface Layout {
  readonly N: number;
  readonly C: number;
  readonly S: number;
  readonly each: Shape;
}

function layout(op: string, port: string, scores: Shape, target: Shape, soft: boolean): Layout {
  if (scores.length === 0) {
    throw new OpError(`${op} expects ${port} of shape C, N×C or N×C×d1×…×dk (class scores on dimension 1), got a scalar`);
  }
  const unbatched = scores.length === 1;
  const each = unbatched ? [] : [scores[0], ...scores.slice(2)];
  const want = soft ? scores : each;
  if (!sameShape(target, want)) {
    const expect = want.length ? `of shape ${formatShape(want)}` : 'to be a scalar (one class index)';
    const hint = !soft && sameShape(target, scores) ? "; for one-hot or soft targets set targetKind to 'probabilities'" : '';
    throw new OpError(`${op} expects target ${expect} for ${port} ${formatShape(scores)}, got ${formatShape(target)}${hint}`);
  }
  return { N: unbatched ? 1 : scores[0], C: unbatched ? scores[0] : scores[1], S: sizeOf(scores.slice(2)), each };
}

const soft = (p: Params) => p.targetKind === 'probabilities';

const ignoreParam: ParamSpec = {
  name: 'ignoreIndex',
  kind: 'int',
  default: -100,
  label: 'ignore index (targets equal to it count for nothing)',
};

/**
 * Each position's loss is Σ_c a_c · (−x_c), x the log-probabilities: the coefficients a (laid out
 * as the scores) and the divisor of the mean, PyTorch's way. An index y with class weights w and
 * label smoothing ε gives a_c = (1 − ε)·w_y·[c = y] + (ε/C)·w_c, and the mean divides by Σ w_y over
 * the positions not ignored (for ε > 0 too, as torch normalises its smoothing term). A probability
 * target t gives a_c = w_c·((1 − ε)·t_c + ε/C), and the mean divides by the number of positions.
 */
function coefficients(op: string, L: Layout, t: Tensor, w: Tensor | undefined, p: Params): { a: Float64Array; divisor: number } {
  const { N, C, S } = L;
  const eps = p.labelSmoothing === undefined ? 0 : num(p, 'labelSmoothing');
  if (!(eps >= 0 && eps <= 1)) throw new OpError(`${op} labelSmoothing must be from 0 to 1, got ${eps}`, 'param');
  const wc = (c: number) => (w ? w.data[c] : 1);
  const a = new Float64Array(N * C * S);
  if (soft(p)) {
    for (let i = 0; i < a.length; i++) a[i] = wc(Math.floor(i / S) % C) * ((1 - eps) * t.data[i] + eps / C);
    return { a, divisor: N * S };
  }
  const ignore = num(p, 'ignoreIndex');
  let divisor = 0;
  for (let n = 0; n < N; n++) {
    for (let s = 0; s < S; s++) {
      const y = t.data[n * S + s];
      if (y === ignore) continue;
      if (!Number.isInteger(y))
        throw new OpError(`${op} target ${y} is not a class index: use a whole number from 0 to ${C - 1}`, 'domain');
      if (y < 0 || y >= C) {
        throw new OpError(`${op} target index ${y} is out of range for ${C} classes (use 0 to ${C - 1})`, 'domain');
      }
      divisor += wc(y);
      a[(n * C + y) * S + s] += (1 - eps) * wc(y);
      if (eps > 0) for (let c = 0; c < C; c++) a[(n * C + c) * S + s] += (eps / C) * wc(c);
    }
  }
  if (divisor === 0 && reductionOf(p) === 'mean') {
    throw new OpError(
      `${op}: every target is ignored or has class weight 0, so the mean has nothing to average (PyTorch gives NaN)`,
      'domain',
    );
  }
  return { a, divisor };
}

/** The class weights' shape: one per class. */
function checkWeight(op: string, L: Layout, w: Shape | undefined): void {
  if (w && !sameShape(w, [L.C])) throw new OpError(`${op} expects weight of shape ${L.C} (one per class), got ${formatShape(w)}`);
}

interface ClassLossSpec {
  type: 'crossEntropy' | 'nllLoss';
  port: 'logits' | 'input';
  /** x_c: the log-probabilities of the scores, log softmax for cross-entropy, the input itself for NLL. */
  logProbs(z: Float64Array, L: Layout): Float64Array;
}

function evaluate(spec: ClassLossSpec, ins: Readonly<Record<string, Tensor>>, p: Params) {
  const z = ins[spec.port];
  const { target: t } = ins;
  const { weight: w }: Partial<Record<string, Tensor>> = ins;
  const L = layout(spec.type, spec.port, z.shape, t.shape, soft(p));
  checkWeight(spec.type, L, w?.shape);
  const x = spec.logProbs(z.data, L);
  const { a, divisor } = coefficients(spec.type, L, t, w, p);
  const losses = new Float64Array(L.N * L.S);
  a.forEach((ac, i) => {
    if (ac !== 0) losses[Math.floor(i / (L.C * L.S)) * L.S + (i % L.S)] -= ac * x[i];
  });
  return { L, x, a, divisor, losses };
}

function logSoftmax(z: Float64Array, { N, C, S }: Layout): Float64Array {
  const x = new Float64Array(z.length);
  for (let n = 0; n < N; n++) {
    for (let s = 0; s < S; s++) {
      const base = n * C * S + s;
      const lse = logSumExp(z, base, S, C);
      for (let c = 0; c < C; c++) x[base + c * S] = z[base + c * S] - lse;
    }
  }
  return x;
}

const CE: ClassLossSpec = { type: 'crossEntropy', port: 'logits', logProbs: logSoftmax };
const NLL: ClassLossSpec = { type: 'nllLoss', port: 'input', logProbs: (z) => z };

/** The keyword arguments both torch calls share, each written only where it differs from torch's default. */
function torchOptions(p: Params, weight: string | undefined, py: PythonLiterals): string {
  const opts = [`reduction='${reductionOf(p)}'`];
  if (weight) opts.push(`weight=${weight}`);
  if (!soft(p) && num(p, 'ignoreIndex') !== -100) opts.push(`ignore_index=${num(p, 'ignoreIndex')}`);
  if (p.labelSmoothing !== undefined && num(p, 'labelSmoothing') !== 0) opts.push(`label_smoothing=${py.float(num(p, 'labelSmoothing'))}`);
  return opts.join(', ');
}

const indexRule = 'none: a class index is a label (no gradient, as in PyTorch)';
const weightRule = 'none: class weights are constants here (no gradient)';

/**
 * Softmax cross-entropy, PyTorch's F.cross_entropy: logits C, N×C or N×C×d1×…×dk, a class index
 * per position (or probabilities with targetKind), optional class weights (a port of shape C),
 * ignoreIndex and labelSmoothing, reduced as torch does (the weighted mean divides by the summed
 * weights of the targets). An index target and the weights get no gradient; a probability target
 * gets its true gradient, so soft targets can be learned too.
 */
export const crossEntropy: TensorOp = {
  kind: 'tensor',
  type: 'crossEntropy',
  group: 'Losses',
  title: 'Cross-entropy',
  keywords: ['softmax loss', 'log loss', 'CE', 'segmentation', 'label smoothing'],
  inputs: [{ name: 'logits' }, { name: 'target' }, { name: 'weight', param: true }],
  params: [
    { name: 'targetKind', kind: 'enum', default: 'index', options: ['index', 'probabilities'], label: 'target holds' },
    reductionParam,
    ignoreParam,
    { name: 'labelSmoothing', kind: 'number', default: 0, label: 'label smoothing ε (0 to 1)', min: 0 },
  ],
  symbol: () => 'CE',
  summary: (p) => `${String(p.reduction)}${soft(p) ? ', soft' : ''}${num(p, 'labelSmoothing') ? `, ε=${num(p, 'labelSmoothing')}` : ''}`,
  text: ([z, t]) => `cross_entropy(${z}, ${t})`,
  latex: ([z, t]) => `\\mathrm{CE}(${z}, ${t})`,
  torch: ({ args: { logits, target, weight }, params }, py) =>
    `F.cross_entropy(${logits}, ${soft(params) ? target : `${target}.long()`}, ${torchOptions(params, weight, py)})`,
  indexPorts: (p) => (soft(p) ? ['weight'] : ['target', 'weight']),
  rule: (p) => ({
    logits: '∂L/∂z_c = (Σ_k a_k)·softmax(z)_c − a_c per position, a the (smoothed, weighted) target; ÷ the mean divisor',
    target: soft(p) ? '∂L/∂t_c = −(1 − ε)·w_c·log softmax(z)_c' : indexRule,
    weight: weightRule,
  }),
  implicit: () => null,
  shape: (ins, p) => {
    const { weight }: Partial<Record<string, Shape>> = ins;
    const L = layout('crossEntropy', 'logits', ins.logits, ins.target, soft(p));
    checkWeight('crossEntropy', L, weight);
    return reductionOf(p) === 'none' ? L.each : [];
  },
  forward: (ins, p) => {
    const { L, losses, divisor } = evaluate(CE, ins, p);
    return reduce(losses, L.each, p, divisor);
  },
  backward: (ins, _out, g, p) => {
    const { L, x, a, divisor, losses } = evaluate(CE, ins, p);
    const { C, S } = L;
    const k = upstream(g, losses.length, p, divisor);
    const gz = new Float64Array(x.length);
    const gt = new Float64Array(x.length);
    const eps = num(p, 'labelSmoothing');
    for (let pos = 0; pos < losses.length; pos++) {
      const base = Math.floor(pos / S) * C * S + (pos % S);
      let mass = 0;
      for (let c = 0; c < C; c++) mass += a[base + c * S];
      for (let c = 0; c < C; c++) {
        const i = base + c * S;
        gz[i] = k(pos) * (Math.exp(x[i]) * mass - a[i]);
        gt[i] = -k(pos) * (1 - eps) * (ins.weight ? ins.weight.data[c] : 1) * x[i];
      }
    }
    const res: Record<string, Tensor> = { logits: { shape: [...ins.logits.shape], data: gz } };
    if (soft(p)) res.target = { shape: [...ins.target.shape], data: gt };
    return res;
  },
  cost: ({ logits }) => ({ params: 0, macs: sizeOf(logits) }), // one exp-accumulate per logit
};

/**
 * Negative log-likelihood, PyTorch's F.nll_loss: −w_y·x_y per position of log-probabilities x
 * (C, N×C or N×C×d1×…×dk), with class weights, ignoreIndex and torch's weighted mean.
 */
export const nllLoss: TensorOp = {
  kind: 'tensor',
  type: 'nllLoss',
  group: 'Losses',
  title: 'NLL loss',
  keywords: ['negative log-likelihood', 'NLLLoss', 'log_softmax'],
  inputs: [{ name: 'input' }, { name: 'target' }, { name: 'weight', param: true }],
  params: [reductionParam, ignoreParam],
  symbol: () => 'NLL',
  summary: (p) => String(p.reduction),
  text: ([x, t]) => `nll_loss(${x}, ${t})`,
  latex: ([x, t]) => `-${x}_{${t}}`,
  torch: ({ args: { input, target, weight }, params }, py) => `F.nll_loss(${input}, ${target}.long(), ${torchOptions(params, weight, py)})`,
  indexPorts: () => ['target', 'weight'],
  rule: () => ({ input: '∂L/∂x_c = −w_y·[c = y] per position; ÷ Σ w_y for the mean', target: indexRule, weight: weightRule }),
  implicit: () => null,
  shape: (ins, p) => {
    const { weight }: Partial<Record<string, Shape>> = ins;
    const L = layout('nllLoss', 'input', ins.input, ins.target, false);
    checkWeight('nllLoss', L, weight);
    return reductionOf(p) === 'none' ? L.each : [];
  },
  forward: (ins, p) => {
    const { L, losses, divisor } = evaluate(NLL, ins, p);
    return reduce(losses, L.each, p, divisor);
  },
  backward: (ins, _out, g, p) => {
    const { L, a, divisor, losses } = evaluate(NLL, ins, p);
    const k = upstream(g, losses.length, p, divisor);
    const gx = a.map((ac, i) => -k(Math.floor(i / (L.C * L.S)) * L.S + (i % L.S)) * ac);
    return { input: { shape: [...ins.input.shape], data: gx } };
  },
  cost: ({ input }) => ({ params: 0, macs: sizeOf(input) }), // one pick-accumulate per score
};
