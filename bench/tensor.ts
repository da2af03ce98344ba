import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { Tensor } from '../src/tensor/tensor';
import { conv2d } from '../src/ops/tensor/conv';
import { convData, type ConvCase } from './conv-case';
import { matmul } from '../src/ops/tensor/matmul';
import { maxPool2d } from '../src/ops/tensor/pool';
import type { Params, TensorOp } from '../src/ops/types';
import { f32, matmulData, permute, random, relError } from './peer-data';
import { download } from './tf-download';
import { timeBest, type Report } from './util';
import { SINGLE, runWasmPeer } from './wasm';

/**
 * tfjs-core registers no gradients by itself (the full @tensorflow/tfjs package does, from a
 * file Node cannot import directly), so register the three this bench needs, written as
 * tfjs's own Conv2D_grad, BatchMatMul_grad and MaxPool_grad: the same backward kernels run.
 */
export function registerPeerGradients(): void {
  const run = (kernel: string, inputs: tf.NamedTensorMap, attrs: object) =>
    tf.engine().runKernel(kernel, inputs, attrs as tf.NamedAttrMap) as tf.Tensor;
  if (!tf.getGradient('Conv2D')) {
    tf.registerGradient({
      kernelName: 'Conv2D',
      inputsToSave: ['x', 'filter'],
      gradFunc: (dy, [x, filter], attrs) => {
        const { strides, pad, dataFormat, dimRoundingMode } = attrs as Record<string, unknown>;
        const common = { strides, pad, dataFormat, dimRoundingMode };
        return {
          x: () => run('Conv2DBackpropInput', { dy: dy as tf.Tensor, filter }, { ...common, inputShape: x.shape }),
          filter: () => run('Conv2DBackpropFilter', { x, dy: dy as tf.Tensor }, { ...common, filterShape: filter.shape }),
        };
      },
    });
  }
  if (!tf.getGradient('BatchMatMul')) {
    tf.registerGradient({
      kernelName: 'BatchMatMul',
      inputsToSave: ['a', 'b'],
      gradFunc: (dy, [a, b]) => ({
        a: () => tf.matMul(dy as tf.Tensor, b, false, true),
        b: () => tf.matMul(a, dy as tf.Tensor, true, false),
      }),
    });
  }
  if (!tf.getGradient('MaxPool')) {
    tf.registerGradient({
      kernelName: 'MaxPool',
      inputsToSave: ['x'],
      outputsToSave: [true],
      gradFunc: (dy, [x, y], attrs) => {
        const { filterSize, strides, pad, dimRoundingMode } = attrs as Record<string, unknown>;
        return { x: () => run('MaxPoolGrad', { dy: dy as tf.Tensor, input: x, output: y }, { filterSize, strides, pad, dimRoundingMode }) };
      },
    });
  }
}

interface Ours {
  ms: number;
  fwdMs: number;
  grads: Record<string, Tensor>;
}

/** Forward, then the vector-Jacobian product with `dy` for every port. */
function timeOurs(op: TensorOp, inputs: Record<string, Tensor>, p: Params, dy: Tensor, reps: number): Ours {
  let grads: Record<string, Tensor> = {};
  const ms = timeBest(() => {
    grads = op.backward(inputs, op.forward(inputs, p), dy, p);
  }, reps);
  const fwdMs = timeBest(() => op.forward(inputs, p), reps);
  return { ms, fwdMs, grads };
}

/** The peer's forward + gradients, every result downloaded with dataSync(). */
function timePeer(run: () => Float32Array[], reps: number): { ms: number; out: Float32Array[] } {
  let out: Float32Array[] = [];
  const ms = timeBest(() => {
    out = run();
  }, reps);
  return { ms, out };
}

/** Ours against TF.js's CPU backend on the same numbers, forward + backward. */
function convRow(report: Report, c: ConvCase): void {
  const d = convData(c);
  const { x, weight, dy, params } = d;
  const [n, cin, h, w] = c.x;
  const ours = timeOurs(conv2d, { x, weight }, params, dy, c.reps);

  const xT = tf.tensor4d(d.peer.x, d.peer.xShape, 'float32');
  const wT = tf.tensor4d(d.peer.w, d.peer.wShape, 'float32');
  const dyT = tf.tensor4d(d.peer.dy, d.peer.dyShape, 'float32');
  const pad = d.peer.pad;
  const f = (a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.s, pad);
  const peer = timePeer(() => download(() => tf.grads(f)([xT, wT], dyT)), c.peerReps);
  const peerFwd = timeBest(() => tf.tidy(() => void f(xT, wT).dataSync()), c.peerReps);
  tf.dispose([xT, wT, dyT]);

  const { macs } = d;
  const err = Math.max(
    relError(ours.grads.x.data, permute(peer.out[0], [n, h, w, cin], [0, 3, 1, 2])),
    relError(ours.grads.weight.data, permute(peer.out[1], [c.k, c.k, cin, c.cout], [3, 2, 0, 1])),
  );
  report({
    name: `${c.name} fwd+bwd`,
    ours_ms: ours.ms,
    peer: 'tfjs-cpu',
    peer_ms: peer.ms,
    fwd_ms: ours.fwdMs,
    peer_fwd_ms: peerFwd,
    gflops: (6 * macs) / (ours.ms * 1e6),
    fwd_gflops: (2 * macs) / (ours.fwdMs * 1e6),
    grad_rel_err_vs_peer: err,
  });
}

function maxPoolRow(report: Report): void {
  const shape = [1, 64, 112, 112];
  const params = { kernel: 2, stride: 2, padding: 0 };
  const x = random(shape, 4);
  const outShape = maxPool2d.shape({ x: shape }, params);
  const dy = random(outShape, 5);
  const ours = timeOurs(maxPool2d, { x }, params, dy, 20);
  const xT = tf.tensor4d(f32(permute(x.data, shape, [0, 2, 3, 1])), [1, 112, 112, 64], 'float32');
  const dyT = tf.tensor4d(f32(permute(dy.data, outShape, [0, 2, 3, 1])), [1, 56, 56, 64], 'float32');
  const f = (a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, 2, 2, 0);
  const peer = timePeer(() => download(() => [tf.grad(f)(xT, dyT)]), 3);
  tf.dispose([xT, dyT]);
  report({
    name: 'maxpool fwd+bwd',
    ours_ms: ours.ms,
    peer: 'tfjs-cpu',
    peer_ms: peer.ms,
    fwd_ms: ours.fwdMs,
    grad_rel_err_vs_peer: relError(ours.grads.x.data, permute(peer.out[0], [1, 112, 112, 64], [0, 3, 1, 2])),
  });
}

function matmulRow(report: Report): void {
  const { n, a, b, dc } = matmulData();
  const ours = timeOurs(matmul, { a, b }, {}, dc, 5);
  const [aT, bT, dcT] = [a, b, dc].map((t) => tf.tensor2d(f32(t.data), [n, n], 'float32'));
  const f = (u: tf.Tensor, v: tf.Tensor) => tf.matMul(u, v);
  const peer = timePeer(() => download(() => tf.grads(f)([aT, bT], dcT)), 3);
  const peerFwd = timeBest(() => tf.tidy(() => void f(aT, bT).dataSync()), 3);
  tf.dispose([aT, bT, dcT]);
  const macs = n * n * n;
  report({
    name: 'matmul512 fwd+bwd',
    ours_ms: ours.ms,
    peer: 'tfjs-cpu',
    peer_ms: peer.ms,
    fwd_ms: ours.fwdMs,
    peer_fwd_ms: peerFwd,
    gflops: (6 * macs) / (ours.ms * 1e6),
    fwd_gflops: (2 * macs) / (ours.fwdMs * 1e6),
    grad_rel_err_vs_peer: Math.max(relError(ours.grads.a.data, peer.out[0]), relError(ours.grads.b.data, peer.out[1])),
  });
}

const alexnet: ConvCase = { name: 'conv alexnet1', x: [1, 3, 227, 227], cout: 64, k: 11, s: 4, p: 2, reps: 5, peerReps: 2 };
const conv3x3: ConvCase = { name: 'conv3x3', x: [1, 16, 64, 64], cout: 32, k: 3, s: 1, p: 1, reps: 10, peerReps: 2 };

/** The forward convolutions timed against TF.js's WebAssembly backend, here and in bench/threads.ts. */
export const WASM_PEER_CONVS: readonly ConvCase[] = [alexnet, conv3x3];

/**
 * Conv, pooling and matmul, forward + backward, against TF.js's pure-JS CPU backend in this process.
 * gflops counts the three GEMMs of a conv or matmul (forward, dW or dB, dX or dA) at 2·MACs each,
 * so 6·MACs per fwd+bwd; fwd_gflops counts the forward alone (2·MACs).
 */
export async function runTensorBench(report: Report): Promise<void> {
  await tf.setBackend('cpu');
  registerPeerGradients();
  convRow(report, alexnet);
  convRow(report, { name: 'conv lenet1', x: [1, 1, 32, 32], cout: 6, k: 5, s: 1, p: 0, reps: 50, peerReps: 5 });
  convRow(report, conv3x3);
  maxPoolRow(report);
  matmulRow(report);
  await runWasmPeer(report, WASM_PEER_CONVS, [SINGLE, { suffix: ', float32', float32: true, threads: 1 }]);
}
