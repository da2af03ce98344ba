import { abs } from './scalar/abs';
import { neg, scale, addConst } from './scalar/affine';
import { add, sub, mul, div } from './scalar/arithmetic';
import { exp, expBase, log } from './scalar/exponentials';
import { max, min } from './scalar/extrema';
import { pow, reciprocal, sqrt, square } from './scalar/powers';
import { elu, selu } from './scalar/elu';
import { gelu, geluTanh } from './scalar/gelu';
import { clamp, hardsigmoid, hardswish, hardtanh } from './scalar/hard';
import { leakyRelu, relu } from './scalar/relu';
import { sigmoid, tanh } from './scalar/sigmoid';
import { mish, silu } from './scalar/silu';
import { softplus } from './scalar/softplus';
import { softsign } from './scalar/softsign';
import { cos, sin } from './scalar/trig';
import { constant, input } from './sources';
import { conv2d } from './tensor/conv';
import { conv1d } from './tensor/conv1d';
import { dropout } from './tensor/dropout';
import { embedding } from './tensor/embedding';
import { convTranspose2d } from './tensor/conv-transpose';
import { linear } from './tensor/linear';
import { matmul } from './tensor/matmul';
import { crossEntropy, nllLoss } from './tensor/class-losses';
import { mse, svmHinge } from './tensor/losses';
import { batchNorm, groupNorm, instanceNorm, layerNorm } from './tensor/norm';
import { bce, bceWithLogits, huberLoss, klDiv, l1Loss, smoothL1Loss } from './tensor/pointwise-losses';
import { adaptiveAvgPool2d, adaptiveMaxPool2d, avgPool2d, globalAvgPool2d, maxPool2d } from './tensor/pool';
import { logsumexp, mean, sum } from './tensor/reduce';
import { argmax, argmin, reduceMax, reduceMin } from './tensor/reduce-extrema';
import { norm, std, variance } from './tensor/reduce-moments';
import { concat, stack } from './tensor/concat';
import { expand } from './tensor/expand';
import { gather } from './tensor/gather';
import { pad } from './tensor/pad';
import { permute } from './tensor/permute';
import { flatten, reshape, transpose } from './tensor/shape-ops';
import { slice, split } from './tensor/slice';
import { squeeze, unsqueeze } from './tensor/squeeze';
import { logSoftmax, softmax } from './tensor/softmax';
import { upsample } from './tensor/upsample';
import { portsOf, type ElementwiseOp, type OpDef, type Params, type PortSpec } from './types';

/** Every op, in palette order. One flat list, like tfjs's register_all_kernels. */
export const OPS: readonly OpDef[] = [
  input,
  constant,
  add,
  sub,
  mul,
  div,
  neg,
  scale,
  addConst,
  pow,
  square,
  sqrt,
  reciprocal,
  expBase,
  exp,
  log,
  abs,
  max,
  min,
  sin,
  cos,
  relu,
  leakyRelu,
  sigmoid,
  tanh,
  softsign,
  gelu,
  geluTanh,
  elu,
  selu,
  silu,
  mish,
  softplus,
  hardtanh,
  clamp,
  hardsigmoid,
  hardswish,
  conv2d,
  convTranspose2d,
  conv1d,
  maxPool2d,
  avgPool2d,
  adaptiveAvgPool2d,
  adaptiveMaxPool2d,
  globalAvgPool2d,
  upsample,
  linear,
  matmul,
  embedding,
  flatten,
  reshape,
  transpose,
  permute,
  squeeze,
  unsqueeze,
  expand,
  slice,
  split,
  pad,
  concat,
  stack,
  gather,
  sum,
  mean,
  logsumexp,
  reduceMax,
  reduceMin,
  argmax,
  argmin,
  variance,
  std,
  norm,
  softmax,
  logSoftmax,
  batchNorm,
  layerNorm,
  instanceNorm,
  groupNorm,
  dropout,
  crossEntropy,
  nllLoss,
  bce,
  bceWithLogits,
  mse,
  l1Loss,
  smoothL1Loss,
  huberLoss,
  klDiv,
  svmHinge,
];

const byType = new Map<string, OpDef>(OPS.map((op) => [op.type, op]));

export const getOp = (type: string): OpDef | undefined => byType.get(type);

/** Whether an op slides a 2-D window over its input `x` (conv, pooling): the UI draws and walks the window. */
export function isWindowed(type: string): boolean {
  const op = byType.get(type);
  return op?.kind === 'tensor' && op.windowed === true;
}

export const opTypes = (): string[] => [...byType.keys()];

/** Functions a typed formula may call, by name, with the elementwise op each one builds. */
export const FORMULA_FUNCTIONS: ReadonlyMap<string, ElementwiseOp> = new Map(
  OPS.flatMap((op) => (op.kind === 'elementwise' ? (op.formula ?? []).map((name) => [name, op] as const) : [])),
);

const defaults = new Map<OpDef, Params>();

/** Default parameters of an op, filled in where the document leaves them out (shared, frozen). */
export function defaultParams(op: OpDef): Params {
  let d = defaults.get(op);
  if (!d) {
    d = Object.freeze(Object.fromEntries(op.params.map((p) => [p.name, p.default])));
    defaults.set(op, d);
  }
  return d;
}

/** The input ports of a document node (`op` and its own `params`): none for an unknown op. */
export function nodePorts(node: { readonly op: string; readonly params?: Params }): readonly PortSpec[] {
  const op = byType.get(node.op);
  return op ? portsOf(op, node.params ? { ...defaultParams(op), ...node.params } : defaultParams(op)) : [];
}
