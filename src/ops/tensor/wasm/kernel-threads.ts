import { replaceKernels32, type Kernels32 } from './gemm32-wasm';
import { replaceKernels, type KernelExports } from './runtime';
import { startThreads, type HelperThread, type ThreadInit } from './threads';

/**
 * Starts `helpers` helper threads made by the host's `spawn` (see threads.ts) and switches both
 * kernel modules to their shared-memory instances. Returns whether threads started; when they
 * cannot (no shared memory here), the single-threaded kernels stay as they were.
 */
export function startKernelThreads(helpers: number, spawn: (init: ThreadInit) => HelperThread): boolean {
  const shared = startThreads(helpers, spawn);
  if (!shared) return false;
  replaceKernels(shared.f64 as unknown as KernelExports);
  replaceKernels32(shared.f32 as unknown as Kernels32);
  return true;
}
