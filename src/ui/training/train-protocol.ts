import type { Accuracy } from '../../graph/optim/accuracy';
import type { DataSet } from '../../graph/optim/data';
import type { GraphDocument } from '../../graph/schema';

/** What the page sends the training worker: train `doc` for `steps` optimizer steps on `dataset`. */
export interface TrainRequest {
  readonly generation: number;
  readonly doc: GraphDocument;
  /** The data set `doc.training.data.source` names, loaded by the page (the worker fetches nothing). */
  readonly dataset?: DataSet;
  readonly steps: number;
}

/**
 * What the worker posts while it trains, every few steps: the batch losses of the steps since the
 * last message and the document as trained so far, so the page can stop the worker at any moment
 * and keep what it reached. At the end of each epoch: that epoch's mean loss and the held-out
 * accuracy. The last message has `finished`.
 */
export type TrainReply =
  | {
      readonly generation: number;
      readonly kind: 'progress';
      /** Steps taken in this job so far. */
      readonly done: number;
      /** The loss of each step's batch (before its update), for the steps since the last message. */
      readonly losses: readonly number[];
      /** Epochs completed (counted over the document's whole training) and the mean loss over that epoch's samples, when one just ended. */
      readonly epoch?: { readonly index: number; readonly loss: number; readonly accuracy?: Accuracy };
      readonly doc: GraphDocument;
      readonly finished: boolean;
    }
  | { readonly generation: number; readonly kind: 'failed'; readonly message: string };
