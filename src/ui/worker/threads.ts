import { startKernelThreads } from '../../ops/tensor/wasm/kernel-threads';
import { threadCount } from '../../ops/tensor/wasm/threads';

/** Helpers beyond the worker's own thread; more rarely pays, since the copies into the module stay on one thread. */
const MOST_HELPERS = 3;

/** How long the first evaluation may wait for the helpers: they start in about 50 ms. */
const READY_WAIT_MS = 2000;

/**
 * Gives this worker helper threads for its matrix products: one per further core (up to
 * MOST_HELPERS), each a nested worker. Only a cross-origin isolated page has the shared memory
 * they need (the dev server, `vite preview` and a host that sends COOP and COEP); elsewhere the
 * products run on this thread alone. Resolves, with the threads there are, once every helper is
 * ready (or after READY_WAIT_MS): a nested worker loads its script through this worker's event
 * loop, so helpers asked for and then kept waiting behind a long synchronous evaluation would only
 * start after it.
 */
export async function startWorkerThreads(): Promise<number> {
  const helpers = Math.min(MOST_HELPERS, (navigator.hardwareConcurrency || 1) - 1);
  if (!self.crossOriginIsolated || helpers < 1) return 1;
  const started = startKernelThreads(helpers, (init) => {
    const worker = new Worker(new URL('./gemm-thread.worker.ts', import.meta.url), {
      type: 'module',
      name: `gemm helper ${init.index + 1}`,
    });
    worker.postMessage(init);
    return worker;
  });
  if (!started) return 1;
  for (const t0 = performance.now(); threadCount() === 1 && performance.now() - t0 < READY_WAIT_MS;) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return threadCount();
}
