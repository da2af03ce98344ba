import type { GraphDocument } from '../../graph/schema';
import type { TrainStepRecord } from './train-step';

/**
 * Training in the playback bar: which parameter's update is written out, the steps left in a
 * run, the last step taken, and the document from before the first step (what Reset returns
 * to). View state: the steps themselves are edits of the document, each one undoable.
 */
export interface TrainPlayState {
  /** Node id of the parameter written out; null: the first trainable input. */
  readonly param: string | null;
  /** Its element (flat index) for a tensor. */
  readonly element: number;
  /** Steps left in the run under way; 0 when none is. */
  readonly remaining: number;
  readonly last: TrainStepRecord | null;
  /** The document before this session's first step; null before it. */
  readonly origin: GraphDocument | null;
  /** Steps taken since `origin`. */
  readonly taken: number;
  /** Why the last step could not be taken. */
  readonly problem: string | null;
  /** The document (its `doc.opened` count) the steps were taken on: another one opened since forgets them. */
  readonly opened: number;
}

export const initialTrainPlay = (): TrainPlayState => ({
  param: null,
  element: 0,
  remaining: 0,
  last: null,
  origin: null,
  taken: 0,
  problem: null,
  opened: -1,
});
