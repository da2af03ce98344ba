import { compile, type Plan } from '../compile';
import { evaluate } from '../evaluate';
import type { GraphDocument } from '../schema';
import type { Tensor, Value } from '../../tensor/tensor';
import { resolveData, type DataSet } from './data';

/** What the trained classifier makes of one sample: its class scores and the gradient of one of them. */
export interface ClassScores {
  /** The class scores (the loss's logits) for this sample. */
  readonly scores: Float64Array;
  /** ∂ scores[cls] / ∂ input, one number per element of the sample (e.g. 64 pixels). */
  readonly grad: Float64Array;
}

/** A classifier read off a trained document: its first data input as the sample, the loss's logits as the scores. */
export interface Classifier {
  /** The elements of one sample (64 for an 8×8 digit). */
  readonly sampleSize: number;
  /** The scores for `sample`, and the gradient of scores[cls] with respect to the sample (saliency). */
  scoreGradient(sample: ArrayLike<number>, cls: number): ClassScores;
}

/**
 * A classifier over single samples: the document compiled once for a batch of one, its output moved
 * to the class scores the loss reads, so the backward pass seeded with a one-hot vector at class c
 * gives ∂s_c/∂x (Simonyan et al.'s saliency) from the engine's own gradients.
 * @throws Error when the document has no data or its loss reads no N × C scores.
 */
export function classifierOf(doc: GraphDocument, dataset?: DataSet): Classifier {
  const spec = doc.training?.data;
  if (!spec) throw new Error('the document has no data set: set training.data');
  const data = resolveData(doc, spec, dataset);
  const one = data.docWithRows(1);
  const lossPlan = compile(one);
  const scoresAt = lossPlan.output < 0 ? undefined : lossPlan.inputs[lossPlan.output][0];
  if (scoresAt === undefined || lossPlan.shapes[scoresAt]?.length !== 2)
    throw new Error('saliency needs a loss that reads N × C class scores');
  const plan: Plan = compile({ ...one, output: lossPlan.ids[scoresAt] });
  const classes = (plan.shapes[plan.output] as readonly number[])[1];
  const [sampleInput, ...others] = data.inputs;
  const sampleShape = [1, ...sampleInput.tensor.shape.slice(1)];
  const sampleSize = sampleShape.reduce((a, b) => a * b, 1);
  const zeros = new Map<number, Value>(
    others.map((o) => [
      plan.index.get(o.id) as number,
      { shape: [1, ...o.tensor.shape.slice(1)], data: new Float64Array(o.tensor.data.length / o.tensor.shape[0]) },
    ]),
  );
  const at = plan.index.get(sampleInput.id) as number;
  return {
    sampleSize,
    scoreGradient(sample, cls) {
      if (sample.length !== sampleSize) throw new Error(`a sample has ${sampleSize} numbers, got ${sample.length}`);
      if (!Number.isInteger(cls) || cls < 0 || cls >= classes) throw new Error(`the class must be 0..${classes - 1}, got ${cls}`);
      const overrides = new Map(zeros);
      overrides.set(at, { shape: sampleShape, data: Float64Array.from(sample) });
      const seed: Tensor = { shape: [1, classes], data: new Float64Array(classes) };
      seed.data[cls] = 1;
      const ev = evaluate(plan, { overrides, seed });
      const scores = ev.value(plan.output);
      const grad = ev.grad(at);
      if (typeof scores !== 'object' || typeof grad !== 'object')
        throw new Error('the class scores have no gradient with respect to the sample');
      return { scores: Float64Array.from(scores.data), grad: Float64Array.from(grad.data) };
    },
  };
}

/**
 * One step of gradient ascent on the sample towards class `target`: x ← clip(x + η·∂s_T/∂x, lo, hi),
 * the image moved in the direction that raises the target's score most, kept within the data's
 * range (0..1 for the digits' pixels) so it stays an image.
 */
export function ascendStep(
  model: Classifier,
  sample: ArrayLike<number>,
  target: number,
  lr: number,
  range: readonly [number, number] = [0, 1],
): { sample: Float64Array; before: ClassScores } {
  const before = model.scoreGradient(sample, target);
  const next = new Float64Array(sample.length);
  for (let i = 0; i < next.length; i++) next[i] = Math.min(range[1], Math.max(range[0], sample[i] + lr * before.grad[i]));
  return { sample: next, before };
}

/** The softmax of scores: class probabilities, computed stably. */
export function softmax(scores: ArrayLike<number>): Float64Array {
  let hi = -Infinity;
  for (let i = 0; i < scores.length; i++) hi = Math.max(hi, scores[i]);
  const out = Float64Array.from(scores, (s) => Math.exp(s - hi));
  const sum = out.reduce((a, b) => a + b, 0);
  return out.map((p) => p / sum);
}
