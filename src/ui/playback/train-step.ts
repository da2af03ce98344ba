import { explainUpdate, type UpdateLine } from '../../explain/update';
import { compile } from '../../graph/compile';
import { evaluate } from '../../graph/evaluate';
import { toState, train, withTraining } from '../../graph/optim/loop';
import { initialState, withDefaults } from '../../graph/optim/optimizers';
import { initialLr } from '../../graph/optim/schedules';
import type { GraphDocument } from '../../graph/schema';
import { isTrainable } from '../../graph/train';
import { sizeOf, type Value } from '../../tensor/tensor';
import { optimizerOf, schedulesOf } from '../training/runs';
import { CHOICE_LABELS, type Form } from '../training/runs-state';

/** One optimizer step of the graph, as the playback bar shows it: forward, backward, then the update of one number. */
export interface TrainStepRecord {
  /** The step's number, counting those the document had already taken. */
  readonly t: number;
  readonly optimizer: string;
  /** The parameter written out: its name, with the element for a tensor ("W[3]"). */
  readonly param: string;
  /** The loss before the step (its forward pass) and after it. */
  readonly loss: number;
  readonly lossAfter: number;
  /** θ, ∂L/∂θ and the learning rate the step used. */
  readonly theta: number;
  readonly grad: number;
  readonly lr: number;
  /** The update written out; the last line is the new θ. */
  readonly lines: readonly UpdateLine[];
}

export type TrainStepResult = { readonly record: TrainStepRecord; readonly doc: GraphDocument } | { readonly problem: string };

const at = (v: Value | undefined, i: number): number | undefined => (typeof v === 'number' ? v : v?.data[i]);

/** The trainable inputs a learner can pick: id, name and element count (a tensor, written out or made by an initializer, has a shape). */
export function trainableParams(doc: GraphDocument): { id: string; name: string; size: number }[] {
  return doc.nodes.filter(isTrainable).map((n) => ({
    id: n.id,
    name: n.name ?? n.id,
    size: typeof n.value === 'object' ? sizeOf(n.value.shape) : 1,
  }));
}

/**
 * Takes one step of the form's optimizer on the document (the engine's training loop does it, so
 * the new values and optimizer state are the ones a longer run or the CLI would reach), and
 * writes out the update of element `element` of parameter `paramId` from the same numbers.
 */
export function trainStep(doc: GraphDocument, form: Form, paramId: string, element: number): TrainStepResult {
  const node = doc.nodes.find((n) => n.id === paramId);
  if (!node || !isTrainable(node)) return { problem: `"${paramId}" is not a trainable input: mark a parameter as trainable to train it` };
  const data = doc.training?.data;
  // The loop draws each step's batch itself; the bar writes out graphs whose inputs are all in the document.
  if (data) return { problem: 'this graph trains on a data set in batches: run it from the Training panel' };
  const start = withTraining(doc, { optimizer: optimizerOf(form), schedules: schedulesOf(form) });
  const training = start.training as NonNullable<GraphDocument['training']>;
  let run;
  try {
    run = train(start, { steps: 1 });
  } catch (e) {
    return { problem: (e as Error).message };
  }
  const plan = compile(start);
  const ev = evaluate(plan);
  const k = plan.index.get(paramId) as number;
  const theta = at(ev.value(k), element);
  const grad = at(ev.grad(k), element);
  if (theta === undefined || grad === undefined) return { problem: `${node.name ?? node.id} has no element ${element}` };
  const settings = withDefaults(training.optimizer);
  const n = sizeOf(plan.shapes[k] ?? []);
  const name = node.name ?? node.id;
  const state = toState(name, training.state?.[paramId], initialState(settings, n), n);
  const lr = training.lr ?? initialLr(settings.lr, training.schedules ?? []);
  return {
    doc: run.doc,
    record: {
      t: (training.steps ?? 0) + 1,
      optimizer: CHOICE_LABELS[form.choice],
      param: typeof node.value === 'number' ? name : `${name}[${element}]`,
      loss: run.losses[0],
      lossAfter: run.losses[1],
      theta,
      grad,
      lr,
      lines: explainUpdate(settings, lr, theta, grad, state, element),
    },
  };
}
