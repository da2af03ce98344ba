/** The image being pushed towards a class by gradient ascent, after `step` steps. */
export interface Ascent {
  readonly sample: readonly number[];
  readonly step: number;
  /** The target class's score and softmax probability at this image. */
  readonly score: number;
  readonly probability: number;
  /** The class the model now predicts. */
  readonly predicted: number;
}

/** Saliency: which held-out sample is looked at, for which class, and the ascent towards a target class. */
export interface SaliencyState {
  /** The sample's index in the data set, or null when none is chosen. */
  readonly index: number | null;
  /** The class whose score's gradient is drawn; null: the class the model predicts. */
  readonly cls: number | null;
  /** The class gradient ascent makes the image look like. */
  readonly target: number;
  /** The ascent's step size η in x ← clip(x + η·∂s_T/∂x, 0, 1). */
  readonly lr: number;
  readonly ascent: Ascent | null;
  readonly running: boolean;
}

export const initialSaliency = (): SaliencyState => ({ index: null, cls: null, target: 0, lr: 0.02, ascent: null, running: false });
