/** Test-only helpers shared by the tensor op tests; nothing in the app imports this file. */
import { expect } from 'vitest';
import { rng } from '../../tensor/init';
import { sizeOf, tensor, type Shape, type Tensor } from '../../tensor/tensor';
import { maxRelDiff, numericalGradient } from '../../graph/gradcheck';
import { OpError, type Params, type TensorOp } from '../types';

/** A tensor of uniform numbers in [-1, 1), the same for the same seed. */
export const randomTensor = (shape: Shape, seed: number): Tensor => {
  const r = rng(seed);
  return tensor(
    shape,
    Array.from({ length: sizeOf(shape) }, () => 2 * r() - 1),
  );
};

/** The message of the OpError `f` throws; fails the test if it throws anything else or nothing. */
export function opErrorMessage(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(OpError);
    return (e as Error).message;
  }
  throw new Error('expected an OpError');
}

const dot = (a: Float64Array, b: Float64Array): number => a.reduce((s, v, i) => s + v * b[i], 0);

export interface GradientCheck {
  /** Seed of the random upstream gradient (a random projection of the output). */
  readonly seed?: number;
  readonly tolerance?: number;
  /** The ports that get a gradient must be exactly `ports` (class indices, running statistics get none). */
  readonly onlyThesePorts?: boolean;
}

/**
 * Checks a tensor op on one case: its shape rule against its forward, and the gradient of each of
 * `ports` against central differences of Σ g·forward for a fixed random g (so that a gradient
 * summing to a constant, as softmax's, is still checked element by element).
 */
export function expectGradients(
  op: TensorOp,
  ins: Readonly<Record<string, Tensor>>,
  p: Params,
  ports: readonly string[],
  { seed = 7, tolerance = 1e-6, onlyThesePorts = false }: GradientCheck = {},
): void {
  const shapes = Object.fromEntries(Object.entries(ins).map(([k, t]) => [k, t.shape]));
  const out = op.forward(ins, p);
  expect(out.shape, `${op.type}: shape rule`).toEqual(op.shape(shapes, p));
  const g = randomTensor(out.shape, seed);
  const grads = op.backward(ins, out, g, p);
  if (onlyThesePorts) expect(Object.keys(grads).sort(), `${op.type}: the ports that get a gradient`).toEqual([...ports].sort());
  for (const port of ports) {
    const at = ins[port];
    const f = (d: Float64Array) => dot(op.forward({ ...ins, [port]: { shape: at.shape, data: d } }, p).data, g.data);
    const numeric = numericalGradient(f, at.data.slice());
    expect(grads[port].shape, `${op.type} ∂/∂${port} shape`).toEqual(at.shape);
    expect(maxRelDiff(grads[port].data, numeric), `${op.type} ∂/∂${port}`).toBeLessThan(tolerance);
  }
}

/** {@link expectGradients} at random inputs of `shapes`, every port getting a gradient. */
export function expectRandomGradients(op: TensorOp, shapes: Readonly<Record<string, Shape>>, params: Params, tolerance = 1e-6): void {
  const ins = Object.fromEntries(Object.entries(shapes).map(([port, s], i) => [port, randomTensor(s, 11 * i + 1)]));
  expectGradients(op, ins, params, Object.keys(shapes), { seed: 97, tolerance, onlyThesePorts: true });
}

/** {@link expectGradients}, the other ports getting no gradient at all. */
export const expectPortGradients = (op: TensorOp, ins: Readonly<Record<string, Tensor>>, p: Params, ports: readonly string[]): void =>
  expectGradients(op, ins, p, ports, { onlyThesePorts: true });
