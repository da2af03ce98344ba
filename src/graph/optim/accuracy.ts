import { compile } from '../compile';
import { evaluate } from '../evaluate';
import type { GraphDocument } from '../schema';
import type { Value } from '../../tensor/tensor';
import { takeRows } from './batches';
import { resolveData, type DataSet } from './data';

export interface Accuracy {
  readonly correct: number;
  readonly total: number;
  /** confusion[true class][predicted class]: counts. */
  readonly confusion: number[][];
  /** Held-out sample indices (into the data set) that were misclassified, with what was predicted. */
  readonly mistakes: readonly { readonly index: number; readonly label: number; readonly predicted: number }[];
}

/**
 * How well the trained graph classifies the held-out samples (`training.data.heldOut`): the class
 * with the highest score in the loss's first input (the logits of a cross-entropy), against the
 * label in its second.
 * @throws Error when nothing is held out or the loss reads no N × C scores and N labels.
 */
export function heldOutAccuracy(doc: GraphDocument, dataset?: DataSet): Accuracy {
  const spec = doc.training?.data;
  if (!spec?.heldOut) throw new Error('no samples are held out: set training.data.heldOut');
  const data = resolveData(doc, spec, dataset);
  const rows = data.testRows;
  const plan = compile(data.docWithRows(rows.length));
  const overrides = new Map<number, Value>(data.inputs.map((inp) => [plan.index.get(inp.id) as number, takeRows(inp.tensor, rows)]));
  const ev = evaluate(plan, { overrides });
  const [scoresAt, labelsAt] = plan.output < 0 ? [] : plan.inputs[plan.output];
  const scores = scoresAt === undefined ? undefined : ev.value(scoresAt);
  const labels = labelsAt === undefined ? undefined : ev.value(labelsAt);
  if (typeof scores !== 'object' || typeof labels !== 'object' || scores.shape.length !== 2 || labels.data.length !== rows.length)
    throw new Error('accuracy needs a loss that reads N × C class scores and N labels');
  const C = scores.shape[1];
  const confusion = Array.from({ length: C }, () => new Array<number>(C).fill(0));
  const mistakes: { index: number; label: number; predicted: number }[] = [];
  let correct = 0;
  for (let r = 0; r < rows.length; r++) {
    let best = 0;
    for (let c = 1; c < C; c++) if (scores.data[r * C + c] > scores.data[r * C + best]) best = c;
    const label = labels.data[r];
    confusion[label][best]++;
    if (best === label) correct++;
    else mistakes.push({ index: rows[r], label, predicted: best });
  }
  return { correct, total: rows.length, confusion, mistakes };
}
