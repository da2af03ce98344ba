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

/**
 * Checks every port's gradient of `op` at random inputs of `shapes` against central differences
 * of L = Σ out · r for a random r, and the shape rule against the forward output.
 */
export function expectRandomGradients(op: TensorOp, shapes: Readonly<Record<string, Shape>>, params: Params, tolerance = 1e-6): void {
  const inputs: Record<string, Tensor> = {};
  Object.entries(shapes).forEach(([port, s], i) => (inputs[port] = randomTensor(s, 11 * i + 1)));
  const out = op.forward(inputs, params);
  expect(out.shape).toEqual(op.shape(shapes, params));
  const r = randomTensor(out.shape, 97);
  const grads = op.backward(inputs, out, r, params);
  expect(Object.keys(grads).sort()).toEqual(Object.keys(shapes).sort());
  for (const port of Object.keys(shapes)) {
    const loss = (d: Float64Array) => {
      const y = op.forward({ ...inputs, [port]: { shape: inputs[port].shape, data: d } }, params);
      return y.data.reduce((s, v, i) => s + v * r.data[i], 0);
    };
    const numeric = numericalGradient(loss, inputs[port].data.slice());
    expect(grads[port].shape).toEqual(inputs[port].shape);
    expect(maxRelDiff(grads[port].data, numeric), `d/d${port}`).toBeLessThan(tolerance);
  }
}

const dot = (a: Float64Array, b: Float64Array): number => a.reduce((s, v, i) => s + v * b[i], 0);

/**
 * Checks a tensor op on one case: its shape rule against its forward, and the gradient of each of
 * `ports` against central differences of a random projection of the output (so that a gradient
 * summing to a constant, as softmax's, is still checked element by element).
 */
export function expectGradients(op: TensorOp, ins: Record<string, Tensor>, p: Params, ports: readonly string[], seed = 7): void {
  const shapes = Object.fromEntries(Object.entries(ins).map(([k, t]) => [k, t.shape]));
  const out = op.forward(ins, p);
  expect(out.shape).toEqual(op.shape(shapes, p));
  const w = randomTensor(out.shape, seed);
  const grads = op.backward(ins, out, w, p);
  for (const port of ports) {
    const at = ins[port];
    const f = (d: Float64Array) => dot(op.forward({ ...ins, [port]: { shape: at.shape, data: d } }, p).data, w.data);
    const numeric = numericalGradient(f, at.data.slice());
    expect(grads[port].shape, port).toEqual(at.shape);
    expect(maxRelDiff(grads[port].data, numeric), port).toBeLessThan(1e-6);
  }
}

/**
 * Checks `backward` against central differences of Σ g·forward, g a fixed random upstream
 * gradient, at every element of each port in `ports`; the other ports must get no gradient.
 */
export function expectPortGradients(op: TensorOp, inputs: Readonly<Record<string, Tensor>>, p: Params, ports: readonly string[]): void {
  const out = op.forward(inputs, p);
  const g = randomTensor(out.shape, 99);
  const grads = op.backward(inputs, out, g, p);
  const h = 1e-6;
  expect(Object.keys(grads).sort(), `${op.type}: the ports that get a gradient`).toEqual([...ports].sort());
  for (const port of ports) {
    const x = inputs[port];
    expect(grads[port].shape, `${op.type} ∂/∂${port} shape`).toEqual(x.shape);
    for (let i = 0; i < x.data.length; i++) {
      const at = (d: number) => {
        const data = x.data.slice();
        data[i] += d;
        const y = op.forward({ ...inputs, [port]: { shape: x.shape, data } }, p);
        return y.data.reduce((s, v, j) => s + v * g.data[j], 0);
      };
      const fd = (at(h) - at(-h)) / (2 * h);
      const got = grads[port].data[i];
      expect(Math.abs(got - fd), `${op.type} ∂/∂${port}[${i}]: ${got} vs ${fd}`).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
    }
  }
}
