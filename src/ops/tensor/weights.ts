import type { Initializer } from '../../tensor/init';
import { formatShape } from '../../format/shape';
import { sameShape, type Shape, type Tensor } from '../../tensor/tensor';
import { OpError, type ImplicitParam, type ParamSpec, type Params } from '../types';

/** Every initializer name, in the order the inspector lists them. */
export const INITIALIZERS: readonly Initializer[] = [
  'kaimingUniform',
  'kaimingNormal',
  'xavierUniform',
  'xavierNormal',
  'uniform',
  'normal',
  'constant',
  'zeros',
];

/** The bias switch, initializer and seed that conv2d and linear share. */
export const WEIGHT_PARAMS: readonly ParamSpec[] = [
  { name: 'bias', kind: 'bool', default: true, label: 'bias' },
  { name: 'init', kind: 'enum', default: 'kaimingUniform', options: INITIALIZERS, label: 'weight initializer' },
  { name: 'seed', kind: 'int', default: 0, min: 0, label: 'initializer seed' },
];

/** An integer parameter ≥ `min`, `fallback` when absent. */
export function readInt(p: Params, key: string, fallback: number, min: number): number {
  const v = p[key] ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw new OpError(`${key} must be an integer ≥ ${min}, got ${JSON.stringify(v)}`, 'param');
  }
  return v;
}

/** Whether the layer has a bias (true when the parameter is absent). */
export function hasBias(p: Params): boolean {
  const v = p.bias ?? true;
  if (typeof v !== 'boolean') throw new OpError(`bias must be true or false, got ${JSON.stringify(v)}`, 'param');
  return v;
}

function readInit(p: Params): Initializer {
  const v = p.init ?? 'kaimingUniform';
  const found = INITIALIZERS.find((i) => i === v);
  if (!found) throw new OpError(`init must be one of ${INITIALIZERS.join(', ')}, got ${JSON.stringify(v)}`, 'param');
  return found;
}

/**
 * The weight or bias a layer makes for itself when its port is unconnected. The weight uses the
 * chosen initializer; the bias follows PyTorch, uniform in ±1/√fan_in (zeros when the weight is),
 * and is null when the layer has no bias. Shapes: weight `weightShape`, bias [weightShape[0]].
 */
export function implicitWeights(port: string, weightShape: Shape, p: Params): ImplicitParam | null {
  const init = readInit(p);
  if (port === 'weight') return { shape: weightShape, init };
  if (port !== 'bias') throw new OpError(`no parameter port "${port}" (ports: weight, bias)`);
  if (!hasBias(p)) return null;
  if (init === 'zeros') return { shape: [weightShape[0]], init: 'zeros' };
  const fanIn = weightShape.slice(1).reduce((a, d) => a * d, 1);
  return { shape: [weightShape[0]], init: 'uniform', scale: 1 / Math.sqrt(fanIn) };
}

/**
 * Checks a connected weight or bias against the shape the layer's parameters imply. `layout` names
 * the dimensions ("outChannels×inChannels×kh×kw") so the message says which parameter to change.
 */
export function checkWeights(op: string, inputs: Readonly<Record<string, Shape>>, weightShape: Shape, layout: string, p: Params): void {
  const w = inputs.weight;
  if (w && !sameShape(w, weightShape)) {
    throw new OpError(`${op} weight must be ${formatShape(weightShape)} (${layout}), got ${formatShape(w)}`);
  }
  const b = inputs.bias;
  if (!b) return;
  if (!hasBias(p)) throw new OpError(`${op} has a bias connected but bias is off (set bias to true)`, 'param');
  if (!sameShape(b, [weightShape[0]])) {
    throw new OpError(`${op} bias must be ${weightShape[0]} (${layout.split('×')[0]}), got ${formatShape(b)}`);
  }
}

/** The tensor on a port the evaluator must supply (an implicit one once materialized). */
export function required(op: string, inputs: Readonly<Record<string, Tensor>>, port: string): Tensor {
  const t = inputs[port];
  if (!t) throw new OpError(`${op} needs a tensor on its "${port}" port`);
  return t;
}
