import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { join } from 'node:path';
import { conv2d } from '../src/ops/tensor/conv';
import { matmul } from '../src/ops/tensor/matmul';
import type { Tensor } from '../src/tensor/tensor';
import { convData, type ConvCase } from './conv-case';
import { f32, matmulData, permute, relError } from './peer-data';
import { download } from './tf-download';
import { inFloat32 } from '../src/ops/tensor/kernels/float32';
import { timeBest, timeBoth, type Report } from './util';

/**
 * The .wasm binaries are read from the package's dist folder: the bench runs from a bundle in a
 * temporary directory, where Emscripten's default (beside the script) finds nothing.
 */
const WASM_DIR = join(process.cwd(), 'node_modules/@tensorflow/tfjs-backend-wasm/dist/');

/**
 * Which binary TF.js picked: threads need SharedArrayBuffer workers, which the backend never
 * enables in Node (tfjs issue 3830), so in Node it is SIMD or plain, one thread.
 */
async function flavour(): Promise<string> {
  const [simd, threads] = await Promise.all([
    tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
    tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
  ]);
  return `${threads ? 'threaded-' : ''}${simd ? 'simd' : 'plain'}, ${getThreadsCount()} thread(s)`;
}

/**
 * How ours runs in a row: float64 (exact; the rows the aims are stated for) or fast float32 mode,
 * on however many threads the process has started (threads.ts: one unless runThreadBench started more).
 */
export interface Variant {
  /** Added to the row's name, e.g. ", float32, 2 threads". */
  readonly suffix: string;
  readonly float32?: boolean;
  readonly threads: number;
}

export const SINGLE: Variant = { suffix: '', threads: 1 };

const inVariant = <T>(v: Variant, run: () => T): T => (v.float32 ? inFloat32(run).result : run());

/** What every row against tfjs-wasm reports: the variant, both times and the CPU-time ratio. */
const peerFields = (v: Variant, ours: { ms: number; cpuMs: number }, peer: { ms: number; cpuMs: number }) => ({
  threads: v.threads,
  precision: v.float32 ? 'float32' : 'float64',
  ours_ms: ours.ms,
  peer: 'tfjs-wasm',
  peer_ms: peer.ms,
  ours_cpu_ms: ours.cpuMs,
  peer_cpu_ms: peer.cpuMs,
  cpu_ratio: ours.cpuMs / peer.cpuMs,
});

/** Forward only, ours timed here next to the peer so both see the same machine load. */
function convFwdRow(report: Report, c: ConvCase, wasm: string, v: Variant): void {
  const d = convData(c);
  const fwd = () => inVariant(v, () => conv2d.forward({ x: d.x, weight: d.weight }, d.params));
  let ours = fwd();
  const oursT = timeBoth(() => {
    ours = fwd();
  }, c.reps);
  const xT = tf.tensor4d(d.peer.x, d.peer.xShape, 'float32');
  const wT = tf.tensor4d(d.peer.w, d.peer.wShape, 'float32');
  let out: Float32Array = new Float32Array(0);
  const peerT = timeBoth(() => {
    [out] = download(() => [tf.conv2d(xT, wT, c.s, d.peer.pad)]);
  }, c.reps);
  tf.dispose([xT, wT]);
  const [n, cout, ho, wo] = d.outShape;
  report({
    name: `${c.name} fwd${v.suffix}`,
    ...peerFields(v, oursT, peerT),
    gflops: (2 * d.macs) / (oursT.ms * 1e6),
    peer_gflops: (2 * d.macs) / (peerT.ms * 1e6),
    out_rel_err_vs_peer: relError(ours.data, permute(out, [n, ho, wo, cout], [0, 3, 1, 2])),
    wasm,
  });
}

/** Forward and both gradients, ours timed again here beside the peer. */
function matmulRow(report: Report, wasm: string, v: Variant): void {
  const { n, a, b, dc } = matmulData();
  let ours: Record<string, Tensor> = {};
  const oursT = timeBoth(() => {
    ours = inVariant(v, () => matmul.backward({ a, b }, matmul.forward({ a, b }, {}), dc, {}));
  }, 3);
  const [aT, bT, dcT] = [a, b, dc].map((t) => tf.tensor2d(f32(t.data), [n, n], 'float32'));
  const f = (u: tf.Tensor, v: tf.Tensor) => tf.matMul(u, v);
  let grads: Float32Array[] = [];
  const peerT = timeBoth(() => {
    grads = download(() => tf.grads(f)([aT, bT], dcT));
  }, 3);
  const peerFwd = timeBest(() => tf.tidy(() => void f(aT, bT).dataSync()), 3);
  tf.dispose([aT, bT, dcT]);
  const macs = n * n * n;
  report({
    name: `matmul512 fwd+bwd${v.suffix}`,
    ...peerFields(v, oursT, peerT),
    peer_fwd_ms: peerFwd,
    gflops: (6 * macs) / (oursT.ms * 1e6),
    peer_gflops: (6 * macs) / (peerT.ms * 1e6),
    grad_rel_err_vs_peer: Math.max(relError(ours.a.data, grads[0]), relError(ours.b.data, grads[1])),
    wasm,
  });
}

/**
 * The same forward convolutions and matmul against TF.js's WebAssembly backend (XNNPACK) in this
 * process. It has no convolution backward kernels, so the conv rows are forward only. The gradients
 * registered for the CPU peer are the backend-independent ones, so matmul's backward runs here too.
 * Each of `variants` gives a row per case (ours in that variant, the peer again beside it).
 * Leaves the CPU backend active again.
 */
export async function runWasmPeer(report: Report, convs: readonly ConvCase[], variants: readonly Variant[] = [SINGLE]): Promise<void> {
  setWasmPaths(WASM_DIR);
  if (!(await tf.setBackend('wasm'))) throw new Error(`the TF.js WebAssembly backend did not start (binaries looked for in ${WASM_DIR})`);
  const wasm = await flavour();
  for (const v of variants) {
    for (const c of convs) convFwdRow(report, c, wasm, v);
    matmulRow(report, wasm, v);
  }
  await tf.setBackend('cpu');
}
