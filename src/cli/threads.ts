import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { threadLoop } from '../ops/tensor/wasm/threads';
import { startKernelThreads } from '../ops/tensor/wasm/kernel-threads';

/** Threads in all (this one included) for a BACKPROP_THREADS value: a whole number from 1, else one per core. */
export function threadsWanted(setting: string | undefined): number {
  const n = Number(setting);
  return setting && Number.isInteger(n) && n >= 1 ? n : availableParallelism();
}

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
