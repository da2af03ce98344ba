import type { GraphDocument } from '../../graph/schema';
import type { TangentChunk, TraceChunk } from '../../graph/trace-stream';
import type { WorkerPort } from '../worker/runner';
import type { EvalSnapshot } from './results';

/** What the page sends the evaluation worker. */
export interface EvalRequest {
  readonly generation: number;
  readonly doc: GraphDocument;
  /** Evaluate in fast float32 mode (see EvaluateOptions.fastFloat32). */
  readonly fastFloat32?: boolean;
  /** Forward mode is open: after the values, its tangents with respect to this node id (null: the first input) and element. */
  readonly tangent?: TangentAsk;
}

export interface TangentAsk {
  readonly target: string | null;
  readonly element: number | null;
}

/** Forward mode's steps, posted after the values when the request asked for them. */
export interface TangentReply {
  readonly generation: number;
  readonly partial: true;
  readonly tangents: TangentChunk;
}

/** Part of the step trace, posted while the evaluation runs; the answer (ok or not) comes after. */
export interface TraceReply {
  readonly generation: number;
  readonly partial: true;
  readonly chunk: TraceChunk;
}

/** What the worker answers, for the request of the same generation. */
export type EvalReply =
  | { readonly generation: number; readonly ok: true; readonly snapshot: EvalSnapshot; readonly ms: number; readonly threads: number }
  | { readonly generation: number; readonly ok: false; readonly message: string };

/** Everything the worker posts for a request: trace chunks while it evaluates, tangents if asked, then its answer. */
export type EvalMessage = EvalReply | TraceReply | TangentReply;

/** A port that answers only (an in-process worker in tests) is one that sends no trace chunks. */
export type EvalWorker = WorkerPort<EvalRequest, EvalReply>;

export type WorkerFactory = () => EvalWorker;
