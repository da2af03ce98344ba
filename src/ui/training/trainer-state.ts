import type { Accuracy } from '../../graph/optim/accuracy';
import type { DataSet } from '../../graph/optim/data';
import type { GraphDocument } from '../../graph/schema';

/** Where a worker training job is: fetching its data, training, or ended (and how). */
export type TrainerStatus = 'idle' | 'loading' | 'running' | 'finished' | 'stopped' | 'failed';

/** A training job in the worker: its progress, its loss curves and, once it ends, how it classifies the held-out samples. */
export interface TrainerState {
  /** Epochs the next job trains for. */
  readonly epochs: number;
  readonly status: TrainerStatus;
  /** Which opening of a document the job trained (`doc.opened`): another document opened since makes all of this stale. */
  readonly opened: number;
  /** Steps taken and planned in this job. */
  readonly done: number;
  readonly total: number;
  /** Steps in one epoch (batches of the training split). */
  readonly perEpoch: number;
  /** The document's step count when the job began: step numbers on the chart continue from it. */
  readonly startStep: number;
  /** The loss of each step's batch. */
  readonly batchLosses: readonly number[];
  /** Each completed epoch: its number (over the document's training), the mean loss over its samples and the held-out accuracy (0..1). */
  readonly epochLosses: readonly { readonly epoch: number; readonly loss: number; readonly accuracy?: number }[];
  /** The held-out evaluation of the parameters kept when the job ended. */
  readonly result: Accuracy | null;
  /** The document as the job left it: the result holds while the graph's parameters are still these. */
  readonly resultFor: GraphDocument | null;
  /** The data set the job trained on, for drawing held-out samples. */
  readonly dataset: DataSet | null;
  readonly message: string | null;
  readonly elapsedMs: number;
}

export const initialTrainer = (): TrainerState => ({
  epochs: 5,
  status: 'idle',
  opened: -1,
  done: 0,
  total: 0,
  perEpoch: 0,
  startStep: 0,
  batchLosses: [],
  epochLosses: [],
  result: null,
  resultFor: null,
  dataset: null,
  message: null,
  elapsedMs: 0,
});

/**
 * Whether `doc` still holds the parameters the result was computed for: each trainable input's
 * value is the very object the job kept (an edit of a parameter, an undo or another run replaces it).
 */
export function sameParams(doc: GraphDocument, trained: GraphDocument | null): boolean {
  if (!trained) return false;
  const kept = new Map(trained.nodes.filter((n) => n.params?.trainable === true).map((n) => [n.id, n.value]));
  const now = doc.nodes.filter((n) => n.params?.trainable === true);
  return now.length === kept.size && now.every((n) => kept.has(n.id) && kept.get(n.id) === n.value);
}
