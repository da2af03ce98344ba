import type { GraphDocument } from '../../graph/schema';

/** The optimizers a learner picks from: PyTorch's, and SGD with momentum or Nesterov by name. */
export const CHOICES = ['sgd', 'momentum', 'nesterov', 'rmsprop', 'adagrad', 'adam', 'adamw'] as const;
export type Choice = (typeof CHOICES)[number];
export const CHOICE_LABELS: Record<Choice, string> = {
  sgd: 'SGD',
  momentum: 'SGD + momentum',
  nesterov: 'SGD + Nesterov',
  rmsprop: 'RMSProp',
  adagrad: 'Adagrad',
  adam: 'Adam',
  adamw: 'AdamW',
};

/** The form's settings: every hyperparameter with a value (PyTorch's defaults to start). */
export interface Form {
  readonly choice: Choice;
  readonly lr: number;
  readonly momentum: number;
  readonly weightDecay: number;
  readonly alpha: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly steps: number;
  readonly schedule: 'none' | 'cosine' | 'exponential' | 'warmup';
}

/** One finished run, for the overlaid loss curves. */
export interface Run {
  readonly id: number;
  readonly label: string;
  readonly losses: readonly number[];
  readonly lrs: readonly number[];
  /** The document after the run: "Keep" makes it the graph. */
  readonly doc: GraphDocument;
  /** The document the run started from, with its training settings: the loss landscape replays it step by step. */
  readonly start?: GraphDocument;
  /** Held-out accuracy (0..1) when the document holds samples out. */
  readonly accuracy?: number;
}

export interface RunsState {
  readonly form: Form;
  readonly runs: readonly Run[];
}

export const INITIAL_FORM: Form = {
  choice: 'adam',
  lr: 0.01,
  momentum: 0.9,
  weightDecay: 0,
  alpha: 0.99,
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
  steps: 50,
  schedule: 'none',
};

export const initialRuns = (): RunsState => ({ form: INITIAL_FORM, runs: [] });
