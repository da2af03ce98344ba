import { maxRelDiff, numericalGradient } from '../../graph/gradcheck';
import { rng } from '../../tensor/init';
import { sizeOf, tensor, type Shape, type Tensor } from '../../tensor/tensor';
import { defaultParams, OPS } from '../registry';
import type { Params, TensorOp } from '../types';

/** Gradient-checked in layers.test.ts; every other tensor op has a case here. */
const LAYERS = [
  'conv2d',
  'conv1d',
  'convTranspose2d',
  'maxPool2d',
  'avgPool2d',
  'adaptiveAvgPool2d',
  'adaptiveMaxPool2d',
  'globalAvgPool2d',
  'linear',
  'matmul',
];
/** Gradient-checked in moves.test.ts and reductions.test.ts. */
const MOVES = ['permute', 'squeeze', 'unsqueeze', 'expand', 'slice', 'split', 'pad', 'concat', 'stack', 'gather'];
const REDUCTIONS = ['logsumexp', 'reduceMax', 'reduceMin', 'argmax', 'argmin', 'var', 'std', 'norm'];
/** Gradient-checked in lookups.test.ts. */
const LOOKUPS = ['embedding', 'upsample', 'dropout'];
const FUNCTIONAL_OPS = OPS.filter(
  (o): o is TensorOp => o.kind === 'tensor' && ![...LAYERS, ...MOVES, ...REDUCTIONS, ...LOOKUPS].includes(o.type),
);

const rand = rng(20240611);
const randn = (shape: Shape): Tensor =>
  tensor(
    shape,
    Array.from({ length: sizeOf(shape) }, () => 4 * rand() - 2),
  );
const labels = (n: number, classes: number): Tensor =>
  tensor(
    n < 0 ? [] : [n],
    Array.from({ length: Math.max(n, 1) }, () => Math.floor(rand() * classes)),
  );
/** Positive rows of a soft target; not normalised, so the "mass" term of the gradient is exercised too. */
const soft = (shape: Shape): Tensor =>
  tensor(
    shape,
    Array.from({ length: sizeOf(shape) }, () => 0.1 + rand()),
  );

/** Probabilities strictly inside (0, 1). */
const probs = (shape: Shape): Tensor =>
  tensor(
    shape,
    Array.from({ length: sizeOf(shape) }, () => 0.05 + 0.9 * rand()),
  );

const op = (type: string): TensorOp => {
  const found = FUNCTIONAL_OPS.find((o) => o.type === type);
  if (!found) throw new Error(`no op ${type}`);
  return found;
};

interface Case {
  readonly type: string;
  readonly ins: () => Record<string, Tensor>;
  readonly p?: Record<string, number | boolean | string | number[]>;
  /** The ports whose gradients are compared with central differences. */
  readonly ports: readonly string[];
}

const cases: Case[] = [
  { type: 'flatten', ins: () => ({ x: randn([2, 3, 4]) }), ports: ['x'] },
  { type: 'flatten', ins: () => ({ x: randn([3, 2, 3, 1]) }), p: { startDim: 1 }, ports: ['x'] },
  { type: 'flatten', ins: () => ({ x: randn([2, 3, 2, 5]) }), p: { startDim: -2 }, ports: ['x'] },
  { type: 'reshape', ins: () => ({ x: randn([2, 3, 4]) }), p: { shape: [4, -1] }, ports: ['x'] },
  { type: 'reshape', ins: () => ({ x: randn([6]) }), p: { shape: [3, 1, 2] }, ports: ['x'] },
  { type: 'transpose', ins: () => ({ x: randn([3, 5]) }), ports: ['x'] },
  { type: 'transpose', ins: () => ({ x: randn([2, 3, 4, 5]) }), p: { dim0: 1, dim1: 3 }, ports: ['x'] },
  { type: 'transpose', ins: () => ({ x: randn([3, 2, 5]) }), p: { dim0: 0, dim1: -1 }, ports: ['x'] },
  { type: 'sum', ins: () => ({ x: randn([3, 5]) }), ports: ['x'] },
  { type: 'sum', ins: () => ({ x: randn([2, 3, 4]) }), p: { all: false, axis: 1 }, ports: ['x'] },
  { type: 'mean', ins: () => ({ x: randn([2, 3, 5]) }), ports: ['x'] },
  { type: 'mean', ins: () => ({ x: randn([3, 5]) }), p: { all: false, axis: -1, keepdim: true }, ports: ['x'] },
  { type: 'mean', ins: () => ({ x: randn([3, 5, 2]) }), p: { all: false, axis: 0 }, ports: ['x'] },
  { type: 'softmax', ins: () => ({ x: randn([7]) }), ports: ['x'] },
  { type: 'softmax', ins: () => ({ x: randn([3, 5]) }), ports: ['x'] },
  { type: 'softmax', ins: () => ({ x: randn([2, 3, 5]) }), p: { axis: 1 }, ports: ['x'] },
  { type: 'logSoftmax', ins: () => ({ x: randn([3, 5]) }), ports: ['x'] },
  { type: 'logSoftmax', ins: () => ({ x: randn([3, 4, 2]) }), p: { axis: 0 }, ports: ['x'] },
  { type: 'crossEntropy', ins: () => ({ logits: randn([7]), target: labels(-1, 7) }), ports: ['logits'] },
  { type: 'crossEntropy', ins: () => ({ logits: randn([5, 3]), target: labels(5, 3) }), ports: ['logits'] },
  { type: 'crossEntropy', ins: () => ({ logits: randn([4, 5]), target: labels(4, 5) }), p: { reduction: 'sum' }, ports: ['logits'] },
  {
    type: 'crossEntropy',
    ins: () => ({ logits: randn([3, 5]), target: soft([3, 5]) }),
    p: { targetKind: 'probabilities' },
    ports: ['logits', 'target'],
  },
  {
    type: 'crossEntropy',
    ins: () => ({ logits: randn([6]), target: soft([6]) }),
    p: { targetKind: 'probabilities', reduction: 'sum' },
    ports: ['logits', 'target'],
  },
  {
    type: 'crossEntropy',
    ins: () => ({ logits: randn([2, 3, 2, 2]), target: tensor([2, 2, 2], [0, 2, 1, -100, 2, 0, 1, 1]), weight: soft([3]) }),
    p: { labelSmoothing: 0.1 },
    ports: ['logits'],
  },
  {
    type: 'crossEntropy',
    ins: () => ({ logits: randn([2, 3, 4]), target: soft([2, 3, 4]) }),
    p: { targetKind: 'probabilities', reduction: 'none', labelSmoothing: 0.2 },
    ports: ['logits', 'target'],
  },
  { type: 'nllLoss', ins: () => ({ input: randn([5, 3]), target: labels(5, 3), weight: soft([3]) }), ports: ['input'] },
  {
    type: 'nllLoss',
    ins: () => ({ input: randn([2, 4, 3]), target: tensor([2, 3], [0, 3, 1, 2, 2, 0]) }),
    p: { reduction: 'none' },
    ports: ['input'],
  },
  { type: 'bce', ins: () => ({ prediction: probs([3, 2]), target: probs([3, 2]) }), ports: ['prediction', 'target'] },
  {
    type: 'bceWithLogits',
    ins: () => ({ logits: randn([3, 4]), target: probs([3, 4]), posWeight: soft([4]) }),
    p: { reduction: 'sum' },
    ports: ['logits', 'target'],
  },
  {
    type: 'l1Loss',
    ins: () => ({ prediction: randn([2, 3]), target: randn([2, 3]) }),
    p: { reduction: 'none' },
    ports: ['prediction', 'target'],
  },
  {
    type: 'smoothL1Loss',
    ins: () => ({ prediction: randn([4, 3]), target: randn([4, 3]) }),
    p: { beta: 0.7 },
    ports: ['prediction', 'target'],
  },
  {
    type: 'huberLoss',
    ins: () => ({ prediction: randn([4, 3]), target: randn([4, 3]) }),
    p: { delta: 0.6, reduction: 'sum' },
    ports: ['prediction', 'target'],
  },
  { type: 'klDiv', ins: () => ({ input: randn([3, 4]), target: soft([3, 4]) }), p: { reduction: 'batchmean' }, ports: ['input', 'target'] },
  { type: 'klDiv', ins: () => ({ input: randn([3, 4]), target: randn([3, 4]) }), p: { logTarget: true }, ports: ['input', 'target'] },
  { type: 'mse', ins: () => ({ prediction: randn([3]), target: randn([3]) }), ports: ['prediction', 'target'] },
  {
    type: 'mse',
    ins: () => ({ prediction: randn([2, 3, 5]), target: randn([2, 3, 5]) }),
    p: { reduction: 'sum', half: true },
    ports: ['prediction', 'target'],
  },
  { type: 'mse', ins: () => ({ prediction: randn([4, 3]), target: randn([4, 3]) }), p: { half: true }, ports: ['prediction', 'target'] },
  { type: 'svmHinge', ins: () => ({ scores: randn([7]), target: labels(-1, 7) }), ports: ['scores'] },
  { type: 'svmHinge', ins: () => ({ scores: randn([5, 4]), target: labels(5, 4) }), ports: ['scores'] },
  {
    type: 'svmHinge',
    ins: () => ({ scores: randn([3, 6]), target: labels(3, 6) }),
    p: { margin: 0.5, reduction: 'sum' },
    ports: ['scores'],
  },
  { type: 'batchNorm', ins: () => ({ x: randn([3, 2, 3, 5]) }), ports: ['x'] },
  { type: 'batchNorm', ins: () => ({ x: randn([5, 3]), gamma: randn([3]), beta: randn([3]) }), ports: ['x', 'gamma', 'beta'] },
  {
    type: 'batchNorm',
    ins: () => ({ x: randn([2, 3, 3, 1]), gamma: randn([3]), beta: randn([3]) }),
    p: { eps: 0 },
    ports: ['x', 'gamma', 'beta'],
  },
  { type: 'layerNorm', ins: () => ({ x: randn([3, 2, 3, 5]) }), ports: ['x'] },
  {
    type: 'layerNorm',
    ins: () => ({ x: randn([2, 3, 1, 5]), gamma: randn([3, 1, 5]), beta: randn([3, 1, 5]) }),
    ports: ['x', 'gamma', 'beta'],
  },
  { type: 'layerNorm', ins: () => ({ x: randn([4, 7]), gamma: randn([7]) }), ports: ['x', 'gamma'] },
  {
    type: 'groupNorm',
    ins: () => ({ x: randn([2, 4, 3, 2]), gamma: randn([4]), beta: randn([4]) }),
    p: { groups: 2 },
    ports: ['x', 'gamma', 'beta'],
  },
  { type: 'groupNorm', ins: () => ({ x: randn([3, 6, 4]) }), p: { groups: 3, affine: false }, ports: ['x'] },
  { type: 'layerNorm', ins: () => ({ x: randn([2, 3, 4]), gamma: randn([4]) }), p: { normalizedShape: [4] }, ports: ['x', 'gamma'] },
  {
    type: 'batchNorm',
    ins: () => ({ x: randn([3, 2, 4]), gamma: randn([2]), beta: randn([2]), runningMean: randn([2]), runningVar: soft([2]) }),
    p: { mode: 'eval' },
    ports: ['x', 'gamma', 'beta'],
  },
  { type: 'instanceNorm', ins: () => ({ x: randn([3, 2, 3, 5]) }), ports: ['x'] },
  { type: 'instanceNorm', ins: () => ({ x: randn([2, 3, 3, 3]), gamma: randn([3]), beta: randn([3]) }), ports: ['x', 'gamma', 'beta'] },
];

const dot = (a: Float64Array, b: Float64Array): number => a.reduce((s, v, i) => s + v * b[i], 0);
const shapes = (ins: Record<string, Tensor>) => Object.fromEntries(Object.entries(ins).map(([k, t]) => [k, t.shape]));

describe('tensor-functional gradients against central differences', () => {
  it('covers every tensor op of the registry but the layers', () => {
    expect(new Set(cases.map((c) => c.type))).toEqual(new Set(FUNCTIONAL_OPS.map((o) => o.type)));
  });

  it.each(FUNCTIONAL_OPS.map((o) => [o.type, o] as const))('%s describes itself with its default parameters', (_t, o) => {
    const p = defaultParams(o) as Params;
    const args = o.inputs.map((port) => port.name);
    for (const s of [o.symbol(p), o.text(args, p), o.latex(args, p), o.summary?.(p) ?? '']) expect(typeof s).toBe('string');
    expect(Object.keys(o.rule?.(p) ?? {})).toEqual(args);
    expect(o.params.every((spec) => spec.label)).toBe(true);
  });

  it.each(cases.map((c) => [`${c.type} ${JSON.stringify(c.p ?? {})} ${JSON.stringify(shapes(c.ins()))}`, c] as const))('%s', (_name, c) => {
    const o = op(c.type);
    const p: Params = { ...(defaultParams(o) as Params), ...c.p };
    const ins = c.ins();
    const out = o.forward(ins, p);
    expect(out.shape).toEqual(o.shape(shapes(ins), p));
    // A random projection of the output, so the checked gradient is generic (Σ softmax alone is constant).
    const w = randn(out.shape);
    const grads = o.backward(ins, out, w, p);
    for (const port of c.ports) {
      const at = ins[port];
      const f = (d: Float64Array) => dot(o.forward({ ...ins, [port]: { shape: at.shape, data: d } }, p).data, w.data);
      const numeric = numericalGradient(f, at.data.slice());
      expect(grads[port].shape).toEqual(at.shape);
      expect(maxRelDiff(grads[port].data, numeric)).toBeLessThan(1e-6);
    }
  });
});
