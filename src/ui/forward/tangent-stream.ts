import type { TangentChunk } from '../../graph/trace-stream';

/**
 * Forward mode's steps for a graph the worker evaluates: asked for with the evaluation while
 * forward mode is open, posted after its values. View state: never in the document.
 */
export interface TangentStreamState {
  /** The evaluation they belong to (its fingerprint) and the target asked for, as the evaluator keys it; null: none asked. */
  readonly key: string | null;
  /** Evaluation fingerprint of the document; null when none was asked. */
  readonly fingerprint: string | null;
  /** The steps, once the worker has sent them. */
  readonly chunk: TangentChunk | null;
}

export const initialTangentStream = (): TangentStreamState => ({ key: null, fingerprint: null, chunk: null });
