import type { StreamValue } from '../../graph/trace-stream';

/**
 * Forward mode in the editor: whether it is on, the node x the tangents are taken with respect to,
 * how far its step-through has gone, and the tangents the edges show (by source node id). View
 * state only: nothing here enters the document or its history.
 */
export interface ForwardState {
  readonly open: boolean;
  /** Node id of x; null: the first input. */
  readonly target: string | null;
  /** For a tensor x, the element that moves (flat index); null: all of them at once. */
  readonly element: number | null;
  /** Steps run so far in the step-through (0: none yet); null: not stepping, every tangent shown. */
  readonly step: number | null;
  /** ḟ_i by node id, for the edge labels; absent ids have none (yet). */
  readonly tangents: ReadonlyMap<string, StreamValue | undefined>;
  /** x as the tangents' labels name it in Leibniz notation (∂f_i/∂x). */
  readonly targetName: string;
}

export const initialForward = (): ForwardState => ({
  open: false,
  target: null,
  element: null,
  step: null,
  tangents: new Map(),
  targetName: 'x',
});
