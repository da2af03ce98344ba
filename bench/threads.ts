import { startNodeThreads } from '../src/cli/threads';
import { threadCount } from '../src/ops/tensor/wasm/threads';
import { WASM_PEER_CONVS, registerPeerGradients } from './tensor';
import type { Report } from './util';
import { runVggBench } from './vgg';
import { runWasmPeer } from './wasm';

/**
 * The rows that depend on threads, again with helper threads sharing the matrix products (one per
 * further core, as the CLI starts them): forward conv and matmul against TF.js's WebAssembly
 * backend (one thread in Node), in float64 and in fast float32 mode, and the VGG pass. Threads
 * cannot be stopped and restarted cheaply, so this runs last.
 */
export async function runThreadBench(report: Report): Promise<void> {
  if (!startNodeThreads()) throw new Error('helper threads did not start (one core, or no shared WebAssembly memory)');
  for (let i = 0; i < 500 && threadCount() === 1; i++) await new Promise((r) => setTimeout(r, 10));
  const threads = threadCount();
  if (threads === 1) throw new Error('helper threads did not become ready within 5 s');
  registerPeerGradients();
  await runWasmPeer(report, WASM_PEER_CONVS, [
    { suffix: `, ${threads} threads`, threads },
    { suffix: `, float32, ${threads} threads`, float32: true, threads },
  ]);
  runVggBench(report, `, ${threads} threads`, threads);
}
