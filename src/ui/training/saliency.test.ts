// @vitest-environment jsdom
import '../test-setup';
import { readFileSync } from 'node:fs';
import { decodeDataFile } from '../../graph/optim/data-file';
import { train } from '../../graph/optim/loop';
import { parseDocument } from '../../graph/load';
import { ascendStep, classifierOf, softmax } from '../../graph/optim/saliency';
import { editor } from '../editor';
import { ASCENT_INTERVAL_MS, sampleOf } from './saliency';

const digits = decodeDataFile(readFileSync('public/data/digits.bin'));
const TRAINED = (() => {
  const r = parseDocument(readFileSync('public/training/digits-mlp.json', 'utf8'));
  if (!r.ok) throw new Error('the MLP example should load');
  return train(r.doc, { steps: 90, dataset: digits }).doc;
})();

describe('gradient ascent in the editor', () => {
  beforeEach(() => {
    editor.reset(TRAINED);
    editor.set('trainer', { dataset: digits });
  });
  afterEach(() => editor.reset());

  it('reads the chosen sample from the data set field that feeds the first data input', () => {
    expect(Array.from(sampleOf(TRAINED, digits, 3))).toEqual(Array.from(digits.fields.images.data.subarray(192, 256)));
  });

  it('animates one engine step per tick towards the target and stops on Stop, the image where it got to', async () => {
    editor.saliency.choose(10);
    editor.set('saliency', { target: 3, lr: 0.02 });
    editor.saliency.start();
    expect(editor.state.saliency.running).toBe(true);
    expect(editor.state.saliency.ascent?.step).toBe(1);
    await vi.waitFor(() => expect(editor.state.saliency.ascent?.step).toBeGreaterThanOrEqual(4), { timeout: 5_000 });
    editor.saliency.stop();
    const { ascent, running } = editor.state.saliency;
    expect(running).toBe(false);
    await new Promise((r) => setTimeout(r, 3 * ASCENT_INTERVAL_MS));
    expect(editor.state.saliency.ascent).toBe(ascent);
    // The same steps taken directly with the engine: x ← clip(x + η·∂s₃/∂x, 0, 1), step after step.
    const model = classifierOf(TRAINED, digits);
    let x: Float64Array = sampleOf(TRAINED, digits, 10);
    for (let k = 0; k < (ascent?.step ?? 0); k++) x = ascendStep(model, x, 3, 0.02).sample;
    expect(ascent?.sample).toEqual(Array.from(x));
    const p = softmax(model.scoreGradient(x, 3).scores);
    expect(ascent?.probability).toBe(p[3]);
    expect(ascent?.predicted).toBe(p.indexOf(Math.max(...p)));
    editor.saliency.restart();
    expect(editor.state.saliency.ascent).toBeNull();
  });

  it('does nothing without a chosen sample', () => {
    expect(editor.saliency.step()).toBe(false);
    editor.saliency.start();
    expect(editor.state.saliency.running).toBe(false);
  });
});
