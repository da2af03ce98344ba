import type { GraphDocument } from '../../graph/schema';
import type { EvalSnapshot } from './results';

/** What the page sends the evaluation worker. */
export interface EvalRequest {
  readonly generation: number;
  readonly doc: GraphDocument;
}

/** What the worker answers, for the request of the same generation. */
export type EvalReply =
  | { readonly generation: number; readonly ok: true; readonly snapshot: EvalSnapshot; readonly ms: number }
  | { readonly generation: number; readonly ok: false; readonly message: string };

/**
 * The part of a DOM Worker the scheduler uses, so tests can put a real in-process evaluator
 * behind the same messages.
 */
export interface EvalWorker {
  postMessage(request: EvalRequest): void;
  terminate(): void;
  onmessage: ((e: { readonly data: EvalReply }) => void) | null;
  onerror: ((e: { readonly message: string; preventDefault(): void }) => void) | null;
}

export type WorkerFactory = () => EvalWorker;
