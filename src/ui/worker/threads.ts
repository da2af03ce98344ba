import { startKernelThreads } from '../../ops/tensor/wasm/kernel-threads';

/** Helpers beyond the worker's own thread; more rarely pays, since the copies into the module stay on one thread. */
const MOST_HELPERS = 3;

/**
 * Gives this worker helper threads for its matrix products: one per further core (up to
 * MOST_HELPERS), each a nested worker. Only a cross-origin isolated page has the shared memory
 * they need (the dev server, `vite preview` and a host that sends COOP and COEP); elsewhere the
 * products run on this thread alone. Returns the number of helpers started.
 */
export function startWorkerThreads(): number {
  const helpers = Math.min(MOST_HELPERS, (navigator.hardwareConcurrency || 1) - 1);
  if (!self.crossOriginIsolated || helpers < 1) return 0;
  const started = startKernelThreads(helpers, (init) => {
    const worker = new Worker(new URL('./gemm-thread.worker.ts', import.meta.url), {
      type: 'module',
      name: `gemm helper ${init.index + 1}`,
    });
    worker.postMessage(init);
    return worker;
  });
  return started ? helpers : 0;
}
