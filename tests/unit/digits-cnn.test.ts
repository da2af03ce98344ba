/**
 * The tiny CNN example (conv 1→4 3×3, ReLU, 2×2 max-pool, linear 36→10) trained on the digits with
 * its fixed seeds: over 90% of the 360 held-out images right after three epochs, the same every run.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDataSet } from '../../src/cli/datasets';
import { heldOutAccuracy } from '../../src/graph/optim/accuracy';
import { parseDocument } from '../../src/graph/load';
import { train } from '../../src/graph/optim/loop';
import { analyze } from '../../src/graph/analyze';

describe('the digits CNN example', () => {
  const loaded = parseDocument(readFileSync('public/training/digits-cnn.json', 'utf8'));
  if (!loaded.ok) throw new Error('the CNN example does not load');
  const doc = loaded.doc;
  const digits = loadDataSet('digits');

  it('is the CNN its description says: 8×8 images through 4 filters of 3×3 to 4×3×3 after pooling, 36 features, 10 scores', () => {
    const a = analyze(doc);
    const shape = (id: string) => a.nodes.find((n) => n.id === id)?.shape;
    expect([shape('img'), shape('conv'), shape('pool'), shape('f'), shape('z')]).toEqual([
      [32, 1, 8, 8],
      [32, 4, 6, 6],
      [32, 4, 3, 3],
      [32, 36],
      [32, 10],
    ]);
  });

  it('trains in 135 Adam steps (3 epochs of minibatches of 32) to at least 90% held-out accuracy', () => {
    const run = train(doc, { steps: 135, dataset: digits });
    const acc = heldOutAccuracy(run.doc, digits);
    expect(acc.total).toBe(360);
    expect(acc.correct / acc.total).toBeGreaterThanOrEqual(0.9);
    // Ten classes at initialisation: the loss starts near ln 10; it ends far below.
    expect(run.losses[0]).toBeGreaterThan(1.5);
    expect(run.losses[135]).toBeLessThan(0.5);
    expect(train(doc, { steps: 135, dataset: digits }).losses).toEqual(run.losses);
  }, 60_000);
});
