import type { Draft } from 'immer';
import { formatLabel } from '../../format/number';
import { heldOutAccuracy } from '../../graph/optim/accuracy';
import { train, withTraining } from '../../graph/optim/loop';
import { withDefaults, type OptimizerName, type OptimizerSettings } from '../../graph/optim/optimizers';
import type { Schedule } from '../../graph/optim/schedules';
import type { NodeValue, Training } from '../../graph/schema';
import { editor } from '../editor';
import { CHOICE_LABELS, type Choice, type Form, type Run } from './runs-state';
import { fetchDataSet } from './datasets';

/** Which form fields an optimizer reads. */
export const FIELDS_OF: Record<Choice, readonly (keyof Form)[]> = {
  sgd: ['lr', 'weightDecay'],
  momentum: ['lr', 'momentum', 'weightDecay'],
  nesterov: ['lr', 'momentum', 'weightDecay'],
  rmsprop: ['lr', 'alpha', 'eps', 'momentum', 'weightDecay'],
  adagrad: ['lr', 'eps', 'weightDecay'],
  adam: ['lr', 'beta1', 'beta2', 'eps', 'weightDecay'],
  adamw: ['lr', 'beta1', 'beta2', 'eps', 'weightDecay'],
};

/** The optimizer the form describes, as the document stores it. */
export function optimizerOf(f: Form): Training['optimizer'] {
  const name: OptimizerName = f.choice === 'momentum' || f.choice === 'nesterov' ? 'sgd' : f.choice;
  const o: OptimizerSettings = { name, lr: f.lr, weightDecay: f.weightDecay };
  const fields = FIELDS_OF[f.choice];
  return {
    ...o,
    ...(fields.includes('momentum') ? { momentum: f.momentum } : {}),
    ...(f.choice === 'nesterov' ? { nesterov: true } : {}),
    ...(fields.includes('alpha') ? { alpha: f.alpha } : {}),
    ...(fields.includes('eps') ? { eps: f.eps } : {}),
    ...(fields.includes('beta1') ? { betas: [f.beta1, f.beta2] as [number, number] } : {}),
  };
}

export function schedulesOf(f: Form): Schedule[] {
  if (f.schedule === 'cosine') return [{ name: 'cosine', tMax: f.steps }];
  if (f.schedule === 'exponential') return [{ name: 'exponential', gamma: 0.95 }];
  if (f.schedule === 'warmup') return [{ name: 'linear', startFactor: 0.1, totalIters: Math.max(1, Math.round(f.steps / 10)) }];
  return [];
}

/**
 * Runs the form's optimizer for its steps on the current graph, from its current values with a
 * fresh optimizer state, and adds the run to the chart; the graph itself is not changed.
 */
export async function runOptimizer(): Promise<void> {
  const { form } = editor.state.runs;
  const doc = editor.state.doc.present;
  const fresh = { ...doc, training: undefined };
  const data = doc.training?.data;
  let run, accuracy, start;
  try {
    const dataset = data?.source === undefined ? undefined : await fetchDataSet(data.source);
    start = withTraining(fresh, { optimizer: optimizerOf(form), schedules: schedulesOf(form), data });
    run = train(start, { steps: form.steps, dataset });
    if (data?.heldOut) {
      const acc = heldOutAccuracy(run.doc, dataset);
      accuracy = acc.correct / acc.total;
    }
  } catch (e) {
    editor.notify(`No training run: ${(e as Error).message}.`, 'error');
    return;
  }
  const { runs } = editor.state.runs;
  const id = runs.reduce((m, r) => Math.max(m, r.id), 0) + 1;
  const label = `${CHOICE_LABELS[form.choice]}, lr ${formatLabel(withDefaults(optimizerOf(form)).lr)}${form.schedule === 'none' ? '' : `, ${form.schedule}`}`;
  editor.set('runs', { runs: [...runs, { id, label, losses: run.losses, lrs: run.lrs, doc: run.doc, accuracy, start }] });
}

/** Makes a run's trained values and optimizer state the graph's, as one undoable edit. */
export function keepRun(run: Run): void {
  const values = new Map<string, NodeValue>();
  for (const n of run.doc.nodes) if (n.params?.trainable === true && n.value !== undefined) values.set(n.id, n.value);
  editor.commit(`Keep training run (${run.label})`, (d) => {
    for (const n of d.nodes) {
      const v = values.get(n.id);
      if (v !== undefined) n.value = v as Draft<NodeValue>;
    }
    d.training = run.doc.training as Draft<Training>;
  });
}
