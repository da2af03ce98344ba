import type { Plan } from '../../graph/compile';
import { sizeOf } from '../../tensor/tensor';

/** A graph with a tensor this large is evaluated off the main thread. */
export const HEAVY_ELEMENTS = 100_000;

/**
 * A graph past this many forward multiply-adds has its step trace computed in the worker and
 * streamed, never here. Measured (Node 22, this machine, warm, WebAssembly kernels): tracing a
 * 3×3 convolution costs about 0.5 ms per million multiply-adds (9.4M: 4 ms; 38M: 10 ms; AlexNet
 * conv1, 73M: 44 ms warm, 90 ms cold), and the plain-JS kernels are 3-6× slower. At 4M a cold trace
 * on the fallback stays near 20 ms, under the 50 ms that makes a long task; every example that is
 * a small worked exercise (the ResNet block, 1.2M; LeNet, 0.4M; MobileNet, 0.3M) stays below it.
 */
export const TRACE_MACS = 4e6;

export const forwardMacs = (plan: Plan): number => plan.costs.reduce((t, c) => t + (c?.macs ?? 0), 0);

export function hasHugeTensor(plan: Plan): boolean {
  const big = (s: readonly number[] | null) => s !== null && sizeOf(s) > HEAVY_ELEMENTS;
  return plan.shapes.some(big) || plan.implicit.some((own) => own !== null && Object.values(own).some((p) => big(p.shape)));
}

/**
 * Whether the worker evaluates the graph (when there is one), and then the step trace is the one
 * it streams: tracing here again would repeat its work on the main thread.
 */
export const isHeavy = (plan: Plan): boolean => hasHugeTensor(plan) || forwardMacs(plan) > TRACE_MACS;
