import type { Plan } from '../../graph/compile';
import { sizeOf } from '../../tensor/tensor';

/** A graph with a tensor this large is evaluated off the main thread. */
export const HEAVY_ELEMENTS = 100_000;

/**
 * A graph past this many forward multiply-adds has its step trace computed in the worker and
 * streamed, never here. Measured (Node 22 on this 2-core machine, WebAssembly kernels): a trace
 * (forward, backward and steps) of a 3×3 convolution costs about 0.5 ms per million multiply-adds
 * warm (9.4M: 4 ms; 38M: 10 ms) and twice that cold (AlexNet conv1, 73M: 90 ms, then 44 ms); the
 * plain-JS kernels, still the fallback, took a third of a second for AlexNet conv1, 4.5 ms per
 * million. At 4M even the fallback stays near 18 ms, a frame or so and far from a 50 ms long task;
 * the small worked examples stay below it and on the page (ResNet block 1.2M, LeNet 0.4M, MobileNet 0.3M).
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
