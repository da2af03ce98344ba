import { sizeOf, type Shape, type Tensor } from './tensor';

export type Initializer =
  'zeros' | 'constant' | 'uniform' | 'normal' | 'xavierUniform' | 'xavierNormal' | 'kaimingUniform' | 'kaimingNormal';

/** mulberry32: a small, fast, seedable PRNG with a full 2^32 period; same numbers on every platform. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** fan_in and fan_out as PyTorch computes them: [out, in, ...kernel] for weights, [out, in] for linear. */
function fans(shape: Shape): { fanIn: number; fanOut: number } {
  if (shape.length < 2) return { fanIn: shape[0] ?? 1, fanOut: shape[0] ?? 1 };
  const receptive = sizeOf(shape.slice(2));
  return { fanIn: shape[1] * receptive, fanOut: shape[0] * receptive };
}

/**
 * A tensor filled by an initializer, deterministic in the seed.
 * Xavier/Glorot keeps the variance of activations equal between input and output (2/(fan_in+fan_out));
 * Kaiming/He doubles it for ReLU (2/fan_in).
 */
export function initTensor(shape: Shape, init: Initializer, seed = 0, scale?: number): Tensor {
  const n = sizeOf(shape);
  const data = new Float64Array(n);
  const rand = rng(seed);
  const normal = (): number => {
    const u = 1 - rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
  const { fanIn, fanOut } = fans(shape);
  const fill = (f: () => number) => {
    for (let i = 0; i < n; i++) data[i] = f();
  };
  switch (init) {
    case 'zeros':
      break;
    case 'constant':
      data.fill(scale ?? 0);
      break;
    case 'uniform': {
      const b = scale ?? 1;
      fill(() => (2 * rand() - 1) * b);
      break;
    }
    case 'normal': {
      const s = scale ?? 1;
      fill(() => normal() * s);
      break;
    }
    case 'xavierUniform': {
      const b = Math.sqrt(6 / (fanIn + fanOut));
      fill(() => (2 * rand() - 1) * b);
      break;
    }
    case 'xavierNormal': {
      const s = Math.sqrt(2 / (fanIn + fanOut));
      fill(() => normal() * s);
      break;
    }
    case 'kaimingUniform': {
      const b = Math.sqrt(6 / fanIn);
      fill(() => (2 * rand() - 1) * b);
      break;
    }
    case 'kaimingNormal': {
      const s = Math.sqrt(2 / fanIn);
      fill(() => normal() * s);
      break;
    }
  }
  return { shape: [...shape], data };
}
