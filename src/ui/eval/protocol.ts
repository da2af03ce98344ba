import type { GraphDocument } from '../../graph/schema';
import type { WorkerPort } from '../worker/runner';
import type { EvalSnapshot } from './results';

/** What the page sends the evaluation worker. */
export interface EvalRequest {
  readonly generation: number;
  readonly doc: GraphDocument;
  /** Evaluate in fast float32 mode (see EvaluateOptions.fastFloat32). */
  readonly fastFloat32?: boolean;
}

/** What the worker answers, for the request of the same generation. */
export type EvalReply =
  | { readonly generation: number; readonly ok: true; readonly snapshot: EvalSnapshot; readonly ms: number }
  | { readonly generation: number; readonly ok: false; readonly message: string };

export type EvalWorker = WorkerPort<EvalRequest, EvalReply>;

export type WorkerFactory = () => EvalWorker;
