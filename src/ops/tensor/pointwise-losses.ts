import { formatShape } from '../../format/shape';
import { sameShape, sizeOf, type Shape, type Tensor } from '../../tensor/tensor';
import { num, OpError, type ParamSpec, type Params, type PythonLiterals, type TensorOp, type TorchCall } from '../types';
import { reduce, reducedShape, reductionParam, upstream } from './loss-reduction';

/** One element's loss and its partial derivatives, given the prediction a, the target b and a per-element weight w (pos_weight, else 1). */
interface Elementwise {
  f(a: number, b: number, w: number, p: Params): number;
  da(a: number, b: number, w: number, p: Params): number;
  db(a: number, b: number, w: number, p: Params): number;
}

interface Spec extends Elementwise {
  type: string;
  title: string;
  keywords: string[];
  symbol: string;
  /** Prediction and target port names. */
  ports: readonly [string, string];
  /** An optional port broadcast over the trailing dimensions of the prediction (pos_weight); a constant, as torch does not differentiate it. */
  weight?: string;
  params?: ParamSpec[];
  reduction?: ParamSpec;
  /** What the mean divides by: the element count, unless said otherwise (KL's batchmean: the batch size). */
  divisor?: (shape: Shape, p: Params) => number;
  /** A domain error for an element, or null. */
  domain?: (a: number, b: number, p: Params) => string | null;
  torch: (call: TorchCall, reduction: string, py: PythonLiterals) => string;
  rule: Record<string, string>;
  latex: string;
}

/** A loss of two same-shaped tensors summed element by element (L1, Huber, BCE, KL), reduced as PyTorch's `reduction`. */
function pointwiseLoss(s: Spec): TensorOp {
  const [A, B] = s.ports;
  const checked = (ins: Readonly<Record<string, Shape>>): Shape => {
    const a = ins[A];
    const b = ins[B];
    if (!sameShape(a, b))
      throw new OpError(`${s.type} expects ${A} and ${B} of the same shape, got ${formatShape(a)} and ${formatShape(b)}`);
    const w = s.weight ? ins[s.weight] : undefined;
    if (w && !(w.length <= a.length && sameShape(w, a.slice(a.length - w.length)))) {
      throw new OpError(
        `${s.type} expects ${s.weight} of the trailing shape of ${A} ${formatShape(a)} (e.g. ${formatShape(a.slice(-1))}, one per class), got ${formatShape(w)}`,
      );
    }
    return a;
  };
  const weightAt = (ins: Readonly<Record<string, Tensor>>) => {
    const w = s.weight ? (ins[s.weight] as Tensor | undefined) : undefined;
    return w ? (i: number) => w.data[i % w.data.length] : () => 1;
  };
  const divisor = (shape: Shape, p: Params) => (s.divisor ? s.divisor(shape, p) : sizeOf(shape));
  const elements = (ins: Readonly<Record<string, Tensor>>, p: Params) => {
    checked(Object.fromEntries(Object.entries(ins).map(([k, t]) => [k, t.shape])));
    const a = ins[A].data;
    const b = ins[B].data;
    if (s.domain) {
      for (let i = 0; i < a.length; i++) {
        const bad = s.domain(a[i], b[i], p);
        if (bad) throw new OpError(bad, 'domain');
      }
    }
    return { a, b, w: weightAt(ins) };
  };
  return {
    kind: 'tensor',
    type: s.type,
    group: 'Losses',
    title: s.title,
    keywords: s.keywords,
    inputs: [{ name: A }, { name: B }, ...(s.weight ? [{ name: s.weight, param: true }] : [])],
    params: [...(s.params ?? []), s.reduction ?? reductionParam],
    symbol: () => s.symbol,
    summary: (p) => String(p.reduction),
    text: ([a, b], p) => `${s.type}(${a}, ${b}; ${String(p.reduction)})`,
    latex: ([a, b]) => s.latex.replace(/#a/g, a).replace(/#b/g, b),
    torch: (call, py) => s.torch(call, String(call.params.reduction), py),
    rule: () => s.rule,
    // The weight port is never owned: left unconnected it is absent (torch's pos_weight=None).
    implicit: () => null,
    indexPorts: () => (s.weight ? [s.weight] : []),
    shape: (ins, p) => reducedShape(p, checked(ins)),
    forward: (ins, p) => {
      const { a, b, w } = elements(ins, p);
      const losses = a.map((v, i) => s.f(v, b[i], w(i), p));
      return reduce(losses, ins[A].shape, p, divisor(ins[A].shape, p));
    },
    backward: (ins, _out, g, p) => {
      const { a, b, w } = elements(ins, p);
      const k = upstream(g, a.length, p, divisor(ins[A].shape, p));
      return {
        [A]: { shape: [...ins[A].shape], data: a.map((v, i) => k(i) * s.da(v, b[i], w(i), p)) },
        [B]: { shape: [...ins[B].shape], data: b.map((v, i) => k(i) * s.db(a[i], v, w(i), p)) },
      };
    },
    cost: (ins) => ({ params: 0, macs: sizeOf(ins[A]) }), // one loss-accumulate per element
  };
}

const sgn = (d: number) => (d > 0 ? 1 : d < 0 ? -1 : 0);

/** L1 loss, PyTorch's F.l1_loss: |a − b|; its gradient at a tie is 0 (torch's sign(0)). */
export const l1Loss = pointwiseLoss({
  type: 'l1Loss',
  title: 'L1 loss (MAE)',
  keywords: ['mean absolute error', 'MAE', 'L1'],
  symbol: 'L1',
  ports: ['prediction', 'target'],
  f: (a, b) => Math.abs(a - b),
  da: (a, b) => sgn(a - b),
  db: (a, b) => -sgn(a - b),
  torch: ({ args: { prediction, target } }, r) => `F.l1_loss(${prediction}, ${target}, reduction='${r}')`,
  rule: { prediction: '∂ℓ/∂a = sign(a − b) (0 at a tie)', target: '∂ℓ/∂b = −sign(a − b)' },
  latex: '|#a - #b|',
});

/** Smooth L1, PyTorch's F.smooth_l1_loss(beta): ½d²/β for |d| < β, |d| − ½β otherwise; β = 0 is the L1 loss. */
export const smoothL1Loss = pointwiseLoss({
  type: 'smoothL1Loss',
  title: 'Smooth L1 loss',
  keywords: ['smooth l1', 'robust regression', 'fast r-cnn'],
  symbol: 'sL1',
  ports: ['prediction', 'target'],
  params: [{ name: 'beta', kind: 'number', default: 1, label: 'β (quadratic below |d| < β)', min: 0 }],
  f: (a, b, _w, p) => {
    const d = Math.abs(a - b);
    const beta = num(p, 'beta');
    return d < beta ? (0.5 * d * d) / beta : d - 0.5 * beta;
  },
  da: (a, b, _w, p) => smoothSlope(a - b, num(p, 'beta')),
  db: (a, b, _w, p) => -smoothSlope(a - b, num(p, 'beta')),
  domain: (_a, _b, p) => (num(p, 'beta') >= 0 ? null : `smoothL1Loss needs β ≥ 0, got ${num(p, 'beta')}`),
  torch: ({ args: { prediction, target }, params }, r, py) =>
    `F.smooth_l1_loss(${prediction}, ${target}, reduction='${r}', beta=${py.float(num(params, 'beta'))})`,
  rule: { prediction: '∂ℓ/∂a = d/β for |d| < β, else sign(d); d = a − b', target: '∂ℓ/∂b = −∂ℓ/∂a' },
  latex: '\\mathrm{smoothL1}(#a - #b)',
});

/** d/dd of smooth L1: d/β inside, sign(d) outside (torch's clamp of d/β to [−1, 1]; 0 at d = 0 for β = 0). */
const smoothSlope = (d: number, beta: number) => (beta === 0 ? sgn(d) : Math.max(-1, Math.min(1, d / beta)));

/** Huber loss, PyTorch's F.huber_loss(delta): ½d² for |d| ≤ δ, δ(|d| − ½δ) otherwise: smooth L1 times δ, with β = δ. */
export const huberLoss = pointwiseLoss({
  type: 'huberLoss',
  title: 'Huber loss',
  keywords: ['huber', 'robust regression'],
  symbol: 'Huber',
  ports: ['prediction', 'target'],
  params: [{ name: 'delta', kind: 'number', default: 1, label: 'δ (quadratic for |d| ≤ δ)', min: 0 }],
  f: (a, b, _w, p) => {
    const d = Math.abs(a - b);
    const delta = num(p, 'delta');
    return d <= delta ? 0.5 * d * d : delta * (d - 0.5 * delta);
  },
  da: (a, b, _w, p) => Math.max(-num(p, 'delta'), Math.min(num(p, 'delta'), a - b)),
  db: (a, b, _w, p) => -Math.max(-num(p, 'delta'), Math.min(num(p, 'delta'), a - b)),
  domain: (_a, _b, p) => (num(p, 'delta') > 0 ? null : `huberLoss needs δ > 0, got ${num(p, 'delta')}`),
  torch: ({ args: { prediction, target }, params }, r, py) =>
    `F.huber_loss(${prediction}, ${target}, reduction='${r}', delta=${py.float(num(params, 'delta'))})`,
  rule: { prediction: '∂ℓ/∂a = clamp(a − b, −δ, δ)', target: '∂ℓ/∂b = −clamp(a − b, −δ, δ)' },
  latex: '\\mathrm{Huber}_\\delta(#a - #b)',
});

/** torch clamps each log of BCE at −100, so a probability of exactly 0 or 1 gives a finite loss. */
const clog = (x: number) => Math.max(Math.log(x), -100);
/** torch's BCE backward divides by max(p(1 − p), 1e-12). */
const BCE_EPS = 1e-12;

/** Binary cross-entropy, PyTorch's F.binary_cross_entropy: −(b log a + (1 − b) log(1 − a)) of probabilities a, logs clamped at −100. */
export const bce = pointwiseLoss({
  type: 'bce',
  title: 'Binary cross-entropy',
  keywords: ['BCE', 'log loss', 'binary', 'logistic'],
  symbol: 'BCE',
  ports: ['prediction', 'target'],
  f: (a, b) => -(b * clog(a) + (1 - b) * clog(1 - a)),
  da: (a, b) => (a - b) / Math.max(a * (1 - a), BCE_EPS),
  db: (a) => clog(1 - a) - clog(a),
  domain: (a) => (a >= 0 && a <= 1 ? null : `bce expects probabilities from 0 to 1 in prediction, got ${a} (for logits use bceWithLogits)`),
  torch: ({ args: { prediction, target } }, r) => `F.binary_cross_entropy(${prediction}, ${target}, reduction='${r}')`,
  rule: { prediction: '∂ℓ/∂a = (a − b) / (a(1 − a))', target: '∂ℓ/∂b = log(1 − a) − log a' },
  latex: '-(#b \\log #a + (1 - #b) \\log(1 - #a))',
});

/** log(1 + eˣ) without overflow. */
const softplus = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * BCE on logits, PyTorch's F.binary_cross_entropy_with_logits: w·b·softplus(−x) + (1 − b)·softplus(x),
 * w the pos_weight (broadcast over the trailing dimensions, one per class; 1 when unconnected).
 */
export const bceWithLogits = pointwiseLoss({
  type: 'bceWithLogits',
  title: 'BCE with logits',
  keywords: ['BCEWithLogits', 'sigmoid cross-entropy', 'multi-label', 'pos_weight'],
  symbol: 'BCEσ',
  ports: ['logits', 'target'],
  weight: 'posWeight',
  f: (x, b, w) => w * b * softplus(-x) + (1 - b) * softplus(x),
  da: (x, b, w) => (1 - b) * sigmoid(x) - w * b * sigmoid(-x),
  db: (x, _b, w) => w * softplus(-x) - softplus(x),
  torch: ({ args: { logits, target, posWeight } }, r) =>
    `F.binary_cross_entropy_with_logits(${logits}, ${target}, reduction='${r}'${posWeight ? `, pos_weight=${posWeight}` : ''})`,
  rule: {
    logits: '∂ℓ/∂x = (1 − b)σ(x) − w·b·σ(−x); with w = 1, σ(x) − b',
    target: '∂ℓ/∂b = w·softplus(−x) − softplus(x)',
    posWeight: 'none: a constant, as in PyTorch (no gradient)',
  },
  latex: '-(w #b \\log\\sigma(#a) + (1 - #b)\\log(1 - \\sigma(#a)))',
});

const logTarget = (p: Params) => p.logTarget === true;

/**
 * KL divergence, PyTorch's F.kl_div(input, target, reduction, log_target): input holds
 * log-probabilities; pointwise b(log b − a) (0 where b = 0), or eᵇ(b − a) with logTarget. 'mean' is
 * torch's default and averages over every element; 'batchmean' (the true KL) divides by the batch size.
 */
export const klDiv = pointwiseLoss({
  type: 'klDiv',
  title: 'KL divergence',
  keywords: ['kullback-leibler', 'KLDivLoss', 'relative entropy', 'distillation'],
  symbol: 'KL',
  ports: ['input', 'target'],
  params: [{ name: 'logTarget', kind: 'bool', default: false, label: 'target holds log-probabilities' }],
  reduction: { ...reductionParam, options: ['mean', 'batchmean', 'sum', 'none'] },
  divisor: (shape, p) => (p.reduction === 'batchmean' ? (shape[0] ?? 1) : sizeOf(shape)),
  f: (a, b, _w, p) => (logTarget(p) ? Math.exp(b) * (b - a) : b === 0 ? 0 : b * (Math.log(b) - a)),
  da: (_a, b, _w, p) => (logTarget(p) ? -Math.exp(b) : -b),
  db: (a, b, _w, p) => (logTarget(p) ? Math.exp(b) * (b - a + 1) : Math.log(b) + 1 - a),
  domain: (_a, b, p) =>
    logTarget(p) || b >= 0 ? null : `klDiv expects probabilities ≥ 0 in target, got ${b} (for log-probabilities set logTarget)`,
  torch: ({ args: { input, target }, params }, r) =>
    `F.kl_div(${input}, ${target}, reduction='${r}', log_target=${logTarget(params) ? 'True' : 'False'})`,
  rule: {
    input: '∂ℓ/∂a = −b (−eᵇ with logTarget)',
    target: '∂ℓ/∂b = log b + 1 − a (eᵇ(b − a + 1) with logTarget)',
  },
  latex: '#b (\\log #b - #a)',
});
