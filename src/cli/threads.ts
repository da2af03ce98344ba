import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { threadLoop } from '../ops/tensor/wasm/threads';
import { startKernelThreads } from '../ops/tensor/wasm/kernel-threads';

/**
 * Node's helper threads for the matrix products: one per core beyond this one. Each is an eval
 * worker running threadLoop from its source text, so the same code serves the CLI bundle, the
 * benchmark bundle and vitest without a worker file of its own to build or resolve. The workers
 * are unref'd: a finished command exits without stopping them.
 */
export function startNodeThreads(helpers = availableParallelism() - 1): boolean {
  return startKernelThreads(helpers, (init) => {
    const worker = new Worker(`(${threadLoop.toString()})(require('node:worker_threads').workerData)`, { eval: true, workerData: init });
    worker.unref();
    return worker;
  });
}
