import type { Plan } from '../../graph/compile';
import { expectedSteps, type StreamStep, type TraceChunk, type TraceSink } from '../../graph/trace-stream';

/** Steps computed within this long of the last post go in one message: a 100,000-node graph is not 100,000 posts. */
export const FLUSH_MS = 40;

/** The first steps are posted one by one: the next may take seconds (a VGG layer), and playback can start on these. */
export const EAGER_STEPS = 64;

/**
 * Batches a streamed trace into chunks for postMessage: the first post (no steps: the plan's step
 * count, for the progress bar) goes at once, then the first EAGER_STEPS steps each as it comes,
 * then whatever has come every FLUSH_MS at most.
 */
export function chunkSink(plan: Plan, post: (chunk: TraceChunk) => void, now: () => number = () => performance.now()): TraceSink {
  const head = { forwardCount: plan.n, expected: expectedSteps(plan) };
  let at: number[] = [];
  let steps: StreamStep[] = [];
  let last = now();
  let count = 0;
  const flush = (done: boolean) => {
    post({ ...head, at, steps, done });
    [at, steps] = [[], []];
    last = now();
  };
  flush(false);
  return {
    step(i, s) {
      at.push(i);
      steps.push(s);
      if (++count <= EAGER_STEPS || now() - last >= FLUSH_MS) flush(false);
    },
    end: () => flush(true),
  };
}
