import { readFileSync } from 'node:fs';
import { heldOutAccuracy } from '../src/graph/optim/accuracy';
import { decodeDataFile } from '../src/graph/optim/data-file';
import { train } from '../src/graph/optim/loop';
import { parseDocument } from '../src/graph/load';
import { timeBest, type Report } from './util';

const load = (path: string) => {
  const loaded = parseDocument(readFileSync(path, 'utf8'));
  if (!loaded.ok) throw new Error(`${path} does not load`);
  return loaded.doc;
};

/** The digits examples: each trained on minibatches of 32 with Adam, the time taken and the held-out accuracy reached. */
export function runTrainingBench(report: Report): void {
  const digits = decodeDataFile(readFileSync('public/data/digits.bin'));
  const examples = [
    { name: 'train digits MLP 64-32-10 (225 steps)', path: 'public/training/digits-mlp.json', steps: 225 },
    { name: 'train digits CNN conv4@3x3 (135 steps)', path: 'public/training/digits-cnn.json', steps: 135 },
  ];
  for (const { name, path, steps } of examples) {
    const doc = load(path);
    let run = train(doc, { steps, dataset: digits });
    const ms = timeBest(() => void (run = train(doc, { steps, dataset: digits })), 2);
    const acc = heldOutAccuracy(run.doc, digits);
    report({ name, ours_ms: ms, ms_per_step: ms / steps, held_out_accuracy: acc.correct / acc.total });
  }
}
