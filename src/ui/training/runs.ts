import type { Draft } from 'immer';
import { create } from 'zustand';
import { formatLabel } from '../../format/number';
import { heldOutAccuracy } from '../../graph/optim/accuracy';
import { train, withTraining } from '../../graph/optim/loop';
import { withDefaults, type OptimizerName, type OptimizerSettings } from '../../graph/optim/optimizers';
import type { Schedule } from '../../graph/optim/schedules';
import type { GraphDocument, NodeValue, Training } from '../../graph/schema';
import { currentDoc, useEditor } from '../store/editor';
import { notify } from '../store/ui';
import { fetchDataSet } from './datasets';

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
  /** Held-out accuracy (0..1) when the document holds samples out. */
  readonly accuracy?: number;
}

interface RunsState {
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

export const useRuns = create<RunsState>()(() => ({ form: INITIAL_FORM, runs: [] }));

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

let nextId = 1;

/**
 * Runs the form's optimizer for its steps on the current graph, from its current values with a
 * fresh optimizer state, and adds the run to the chart; the graph itself is not changed.
 */
export async function runOptimizer(): Promise<void> {
  const { form } = useRuns.getState();
  const doc = currentDoc();
  const fresh = { ...doc, training: undefined };
  const data = doc.training?.data;
  let run, accuracy;
  try {
    const dataset = data?.source === undefined ? undefined : await fetchDataSet(data.source);
    const start = withTraining(fresh, { optimizer: optimizerOf(form), schedules: schedulesOf(form), data });
    run = train(start, { steps: form.steps, dataset });
    if (data?.heldOut) {
      const acc = heldOutAccuracy(run.doc, dataset);
      accuracy = acc.correct / acc.total;
    }
  } catch (e) {
    notify(`No training run: ${(e as Error).message}.`, 'error');
    return;
  }
  const { runs } = useRuns.getState();
  const label = `${CHOICE_LABELS[form.choice]}, lr ${formatLabel(withDefaults(optimizerOf(form)).lr)}${form.schedule === 'none' ? '' : `, ${form.schedule}`}`;
  useRuns.setState({ runs: [...runs, { id: nextId++, label, losses: run.losses, lrs: run.lrs, doc: run.doc, accuracy }] });
}

/** Makes a run's trained values and optimizer state the graph's, as one undoable edit. */
export function keepRun(run: Run): void {
  const values = new Map<string, NodeValue>();
  for (const n of run.doc.nodes) if (n.params?.trainable === true && n.value !== undefined) values.set(n.id, n.value);
  useEditor.getState().commit(`Keep training run (${run.label})`, (d) => {
    for (const n of d.nodes) {
      const v = values.get(n.id);
      if (v !== undefined) n.value = v as Draft<NodeValue>;
    }
    d.training = run.doc.training as Draft<Training>;
  });
}
