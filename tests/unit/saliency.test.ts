/**
 * Saliency on the digits examples: the gradient of a class score with respect to the 64 pixels,
 * from the engine's backward pass, against central differences of that score; and gradient ascent
 * on the pixels raising the target class's score.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDataSet } from '../../src/cli/datasets';
import { parseDocument } from '../../src/graph/load';
import { train } from '../../src/graph/optim/loop';
import { ascendStep, classifierOf, softmax } from '../../src/graph/optim/saliency';
import type { GraphDocument } from '../../src/graph/schema';

const digits = loadDataSet('digits');
const load = (path: string): GraphDocument => {
  const r = parseDocument(readFileSync(path, 'utf8'));
  if (!r.ok) throw new Error(`${path} does not load`);
  return r.doc;
};
const image = (i: number) => digits.fields.images.data.slice(i * 64, (i + 1) * 64);
/**
 * A digit with a little deterministic noise: a plain digit's blank background gives equal values in
 * a max-pooling window, where the max is not differentiable and central differences average the
 * two one-sided slopes; noise keeps the check away from such ties.
 */
const noisy = (i: number) => image(i).map((v, p) => v + 0.01 * Math.sin(7 * p + i));

describe('the gradient of a class score with respect to the pixels', () => {
  it.each([
    ['the MLP', 'public/training/digits-mlp.json', 3],
    ['the CNN', 'public/training/digits-cnn.json', 7],
  ])(
    '%s, after 30 steps: every pixel’s ∂s_c/∂x matches central differences of the score',
    (_name, path, cls) => {
      const trained = train(load(path), { steps: 30, dataset: digits }).doc;
      const model = classifierOf(trained, digits);
      expect(model.sampleSize).toBe(64);
      for (const i of [5, 1000]) {
        const x = noisy(i);
        const { scores, grad } = model.scoreGradient(x, cls);
        expect(scores).toHaveLength(10);
        const h = 1e-6;
        const fd = Array.from(x, (_v, p) => {
          const up = Float64Array.from(x);
          const down = Float64Array.from(x);
          up[p] += h;
          down[p] -= h;
          return (model.scoreGradient(up, cls).scores[cls] - model.scoreGradient(down, cls).scores[cls]) / (2 * h);
        });
        const scale = Math.max(...fd.map(Math.abs));
        expect(scale).toBeGreaterThan(1e-3);
        fd.forEach((d, p) => expect(Math.abs(grad[p] - d)).toBeLessThan(1e-6 * scale));
      }
    },
    60_000,
  );

  it('refuses a class out of range and a sample of the wrong size, naming what it wanted', () => {
    const model = classifierOf(load('public/training/digits-mlp.json'), digits);
    expect(() => model.scoreGradient(image(0), 10)).toThrow('the class must be 0..9, got 10');
    expect(() => model.scoreGradient(new Float64Array(63), 1)).toThrow('a sample has 64 numbers, got 63');
    const doc = load('public/training/digits-mlp.json');
    expect(() => classifierOf({ ...doc, training: undefined }, digits)).toThrow('the document has no data set');
  });
});

describe('gradient ascent on the pixels', () => {
  it('turns a 0 into something the trained MLP calls a 6: the target’s score rises, pixels stay in 0..1', () => {
    const trained = train(load('public/training/digits-mlp.json'), { steps: 225, dataset: digits }).doc;
    const model = classifierOf(trained, digits);
    let x: Float64Array = image(0);
    expect(digits.fields.labels.data[0]).toBe(0);
    const start = softmax(model.scoreGradient(x, 6).scores);
    expect(start.indexOf(Math.max(...start))).toBe(0);
    const scores: number[] = [];
    for (let k = 0; k < 40; k++) {
      const s = ascendStep(model, x, 6, 0.05);
      // The step is exactly x + η·∂s/∂x, clipped to the pixel range.
      s.sample.forEach((v, p) => expect(v).toBe(Math.min(1, Math.max(0, x[p] + 0.05 * s.before.grad[p]))));
      scores.push(s.before.scores[6]);
      x = s.sample;
    }
    for (let k = 1; k < scores.length; k++) expect(scores[k]).toBeGreaterThan(scores[k - 1]);
    const end = softmax(model.scoreGradient(x, 6).scores);
    expect(end.indexOf(Math.max(...end))).toBe(6);
    expect(Math.min(...x)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...x)).toBeLessThanOrEqual(1);
  }, 60_000);

  it('softmax: probabilities summing to 1, the closed form for two classes', () => {
    const p = softmax([1000, 1000 + Math.log(3)]);
    expect(p[0]).toBeCloseTo(0.25, 12);
    expect(p[1]).toBeCloseTo(0.75, 12);
  });
});
