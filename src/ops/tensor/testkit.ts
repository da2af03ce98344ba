/** Test-only helpers shared by the tensor op tests; nothing in the app imports this file. */
import { expect } from 'vitest';
import { rng } from '../../tensor/init';
import { sizeOf, tensor, type Shape, type Tensor } from '../../tensor/tensor';
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
 * Checks `backward` against central differences of Σ g·forward, g a fixed random upstream
 * gradient, at every element of each port in `ports`; the other ports must get no gradient.
 */
export function expectGradients(op: TensorOp, inputs: Readonly<Record<string, Tensor>>, p: Params, ports: readonly string[]): void {
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
