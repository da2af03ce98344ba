import { rng } from '../src/tensor/init';
import { sizeOf, tensor, type Shape, type Tensor } from '../src/tensor/tensor';
import { conv2d } from '../src/ops/tensor/conv';
import { matmul } from '../src/ops/tensor/matmul';
import { inFloat32 } from '../src/ops/tensor/kernels/float32';
import type { Params, TensorOp } from '../src/ops/types';
import { timeBest } from './util';

/**
 * Fast float32 mode against float64, op by op: the forward (and for matmul forward + backward)
 * time of each, and the largest error of the float32 output relative to the float64 output's
 * largest magnitude. Run with `npx tsx bench/float32.ts`.
 */

const random = (shape: Shape, seed: number): Tensor => {
  const r = rng(seed);
  return tensor(
    shape,
    Float64Array.from({ length: sizeOf(shape) }, () => 2 * r() - 1),
  );
};

function relError(x: Float64Array, ref: Float64Array): number {
  let worst = 0;
  let scale = 0;
  ref.forEach((v, i) => {
    worst = Math.max(worst, Math.abs(x[i] - v));
    scale = Math.max(scale, Math.abs(v));
  });
  return worst / scale;
}

function row(name: string, op: TensorOp, inputs: Record<string, Tensor>, p: Params, dy: Tensor | null, reps: number): void {
  const run = () => (dy ? op.backward(inputs, op.forward(inputs, p), dy, p) : { y: op.forward(inputs, p) });
  // Alternating rounds, the best of each: on a shared machine, load comes and goes between them.
  let f64 = Infinity;
  let f32 = Infinity;
  for (let round = 0; round < 3; round++) {
    f64 = Math.min(
      f64,
      timeBest(() => void run(), reps),
    );
    f32 = Math.min(
      f32,
      timeBest(() => void inFloat32(run), reps),
    );
  }
  const ref = run();
  const { result, report } = inFloat32(run);
  const error = Math.max(...Object.keys(ref).map((k) => relError(result[k].data, ref[k].data)));
  console.log(
    `${name.padEnd(22)} f64 ${f64.toFixed(1).padStart(7)} ms  f32 ${f32.toFixed(1).padStart(7)} ms  ` +
      `×${(f64 / f32).toFixed(2)}  output error ${error.toExponential(1)}  sampled ${report.sampledError.toExponential(1)}`,
  );
}

const n = 512;
const [a, b, dc] = [random([n, n], 6), random([n, n], 7), random([n, n], 8)];
row('matmul512 fwd', matmul, { a, b }, {}, null, 5);
row('matmul512 fwd+bwd', matmul, { a, b }, {}, dc, 5);
const alex = { inChannels: 3, outChannels: 64, kernel: 11, stride: 4, padding: 2, bias: false };
row('conv alexnet1 fwd', conv2d, { x: random([1, 3, 227, 227], 1), weight: random([64, 3, 11, 11], 2) }, alex, null, 5);
const c3 = { inChannels: 16, outChannels: 32, kernel: 3, stride: 1, padding: 1, bias: false };
row('conv3x3 fwd', conv2d, { x: random([1, 16, 64, 64], 1), weight: random([32, 16, 3, 3], 2) }, c3, null, 10);
