import { rng } from '../src/tensor/init';
import { sizeOf, tensor, type Shape, type Tensor } from '../src/tensor/tensor';

/** The same inputs for us and every peer: uniform in [-1, 1), deterministic in the seed. */
export const random = (shape: Shape, seed: number): Tensor => {
  const r = rng(seed);
  return tensor(
    shape,
    Array.from({ length: sizeOf(shape) }, () => 2 * r() - 1),
  );
};

/** Transposes a row-major array: output axis d is input axis order[d] (NCHW ↔ NHWC, OIHW ↔ HWIO). */
export function permute(data: ArrayLike<number>, shape: Shape, order: readonly number[]): Float64Array {
  const out = new Float64Array(data.length);
  const outShape = order.map((a) => shape[a]);
  const inStrides = shape.map((_, i) => sizeOf(shape.slice(i + 1)));
  const idx = new Array<number>(shape.length).fill(0);
  for (let o = 0; o < out.length; o++) {
    let src = 0;
    for (let d = 0; d < order.length; d++) src += idx[d] * inStrides[order[d]];
    out[o] = data[src];
    for (let d = outShape.length - 1; d >= 0 && ++idx[d] === outShape[d]; d--) idx[d] = 0;
  }
  return out;
}

export const f32 = (d: Float64Array): Float32Array => Float32Array.from(d);

/** ‖a − b‖ / ‖b‖: TF.js computes in float32, so expect about 1e-6, not 1e-15. */
export function relError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num / den);
}

/** The 512 × 512 matmul's A, B and dC. */
export function matmulData(): { n: number; a: Tensor; b: Tensor; dc: Tensor } {
  const n = 512;
  return { n, a: random([n, n], 6), b: random([n, n], 7), dc: random([n, n], 8) };
}
