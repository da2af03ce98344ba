/** Test-only helpers shared by the tensor op tests; nothing in the app imports this file. */
import { expect } from 'vitest';
import { rng } from '../../tensor/init';
import { sizeOf, tensor, type Shape, type Tensor } from '../../tensor/tensor';
import { OpError } from '../types';

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
