import { readFileSync } from 'node:fs';
import { heldOutAccuracy } from '../src/graph/optim/accuracy';
import { decodeDataFile } from '../src/graph/optim/data-file';
import { train } from '../src/graph/optim/loop';
import { parseDocument } from '../src/graph/load';
import { timeBest, type Report } from './util';

/** The digits example: 225 Adam steps of the 64-32-10 MLP on minibatches of 32 (5 epochs), and its held-out accuracy. */
export function runTrainingBench(report: Report): void {
  const loaded = parseDocument(readFileSync('public/training/digits-mlp.json', 'utf8'));
  if (!loaded.ok) throw new Error('public/training/digits-mlp.json does not load');
  const digits = decodeDataFile(readFileSync('public/data/digits.bin'));
  let run = train(loaded.doc, { steps: 225, dataset: digits });
  const ms = timeBest(() => void (run = train(loaded.doc, { steps: 225, dataset: digits })), 2);
  const acc = heldOutAccuracy(run.doc, digits);
  report({ name: 'train digits MLP 64-32-10 (225 steps)', ours_ms: ms, ms_per_step: ms / 225, held_out_accuracy: acc.correct / acc.total });
}
