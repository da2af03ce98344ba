import type { StreamStep } from '../../graph/trace-stream';

/**
 * The step trace of the graph the worker is evaluating (or has evaluated), as it arrives. Only a
 * graph too large to trace on the main thread plays from it. View state: never in the document.
 */
export interface TraceStreamState {
  /** Evaluation fingerprint of the document the trace is of; null when there is none. */
  readonly fingerprint: string | null;
  /** By index; a hole is a step not arrived yet. Replaced, never mutated, as chunks arrive. */
  readonly steps: readonly (StreamStep | undefined)[];
  readonly forwardCount: number;
  /** The steps the trace will have if every node evaluates (0 until the worker says). */
  readonly expected: number;
  readonly done: boolean;
  /** When the evaluation was posted and when its first step arrived (performance.now()). */
  readonly startedAt: number | null;
  readonly firstStepAt: number | null;
}

export const initialTraceStream = (): TraceStreamState => ({
  fingerprint: null,
  steps: [],
  forwardCount: 0,
  expected: 0,
  done: false,
  startedAt: null,
  firstStepAt: null,
});
