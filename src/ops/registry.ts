import { relu, leakyRelu, sigmoid, tanh } from './activations';
import {
  abs, add, addConst, cos, div, exp, expBase, log, max, min, mul, neg, pow, reciprocal, scale, sin, sqrt, square, sub,
} from './arithmetic';
import { constant, input } from './sources';
import { FUNCTIONAL_OPS } from './tensor/functional';
import { LAYER_OPS } from './tensor/layers';
import type { OpDef, Params } from './types';

/** Every op, in palette order. One flat list, like tfjs's register_all_kernels. */
export const OPS: readonly OpDef[] = [
  input, constant,
  add, sub, mul, div, neg, scale, addConst, pow, square, sqrt, reciprocal, expBase, exp, log, abs, max, min, sin, cos,
  relu, leakyRelu, sigmoid, tanh,
  ...LAYER_OPS, ...FUNCTIONAL_OPS,
];

const byType = new Map<string, OpDef>(OPS.map((op) => [op.type, op]));

export const getOp = (type: string): OpDef | undefined => byType.get(type);

export const opTypes = (): string[] => [...byType.keys()];

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
