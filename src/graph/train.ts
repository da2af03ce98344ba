import { analyze, type Analysis } from './analyze';
import { update, withDefaults } from './optim/optimizers';
import { problemText, type NodeLabels, type NodeProblem } from './problems';
import type { GraphDocument, GraphNode } from './schema';
import { sizeOf, type Value } from '../tensor/tensor';
import { emptyRecord } from './records';

export interface StepOptions {
  /** Learning rate. */
  readonly lr: number;
  /** Average the gradient over the batch instead of summing it. */
  readonly mean?: boolean;
  /** Batch size for `mean`; inferred from the loss's first input when left out. */
  readonly batch?: number;
}

export interface StepResult {
  readonly lossBefore: number;
  readonly lossAfter: number | undefined;
  readonly batch: number;
  /** The new value of every trainable input, by name. */
  readonly params: Readonly<Record<string, Value>>;
  /** The document with the trainable inputs updated (the input document is not changed). */
  readonly doc: GraphDocument;
  readonly after: Analysis;
}

/**
 * The batch a loss averages over, read from its first input: N for an N × … prediction, else
 * the number of elements of a vector or a 1 × n row (P3's y = A x is 1 × 3: three points).
 */
export function inferBatch(an: Analysis): number {
  const out = an.output;
  if (!out) return 1;
  const src = an.plan.inputs[out.index][0];
  const shape = src === undefined || src < 0 ? null : an.plan.shapes[src];
  if (!shape || shape.length === 0) return 1;
  if (shape.length >= 2 && shape[0] > 1) return shape[0];
  return sizeOf(shape);
}

/** The first element that is not a finite number, and where it is (" at element 3" in a tensor). */
function firstNonFinite(v: Value): { x: number; at: string } | null {
  if (typeof v === 'number') return Number.isFinite(v) ? null : { x: v, at: '' };
  const i = v.data.findIndex((x) => !Number.isFinite(x));
  return i < 0 ? null : { x: v.data[i], at: ` at element ${i}` };
}

/**
 * Refuses a new parameter value that is not finite: a document cannot hold Infinity or NaN (JSON
 * writes null), so the step is refused, not the save.
 */
export function checkFinite(name: string, value: Value): void {
  const bad = firstNonFinite(value);
  if (bad)
    throw new Error(
      `the step would make "${name}" ${bad.x}${bad.at} (the learning rate times the gradient overflows): use a smaller learning rate`,
    );
}

/** Why a graph's output is no loss to train on. */
export const noLossMessage = (why: NodeProblem | null | undefined, labels: NodeLabels): string =>
  why ? `the loss has no value: ${problemText(why, labels)}` : 'the output must be a scalar loss';

export const noGradientMessage = (name: string): string => `the trainable input "${name}" gets no gradient from the loss`;
export const NO_TRAINABLE = 'no trainable inputs: mark the parameters to update as trainable';

/** Whether a node is a parameter the optimizer updates. */
export const isTrainable = (nd: GraphNode): boolean => nd.op === 'input' && nd.params?.trainable === true;

/** A value as the document writes it. */
export const documentValue = (v: Value): GraphNode['value'] =>
  typeof v === 'number' ? v : { shape: [...v.shape], data: Array.from(v.data) };

/** One step of gradient descent on the `trainable` inputs: θ ← θ − lr · g (g / batch with `mean`). */
export function sgdStep(doc: GraphDocument, opts: StepOptions): StepResult {
  const before = analyze(doc);
  const loss = before.output?.value;
  if (typeof loss !== 'number') throw new Error(noLossMessage(before.output?.problem, before.labels));
  const batch = opts.mean ? (opts.batch ?? inferBatch(before)) : 1;
  // torch.optim.SGD without momentum: the same update the `train` command takes.
  const sgd = withDefaults({ name: 'sgd', lr: opts.lr / batch });
  const params = emptyRecord<Value>();
  const nodes = doc.nodes.map((nd) => {
    const r = before.byId.get(nd.id);
    if (!r || !isTrainable(nd)) return nd;
    if (r.grad === undefined) throw new Error(noGradientMessage(r.name));
    const value = stepped(r.value as Value, r.grad, (p, g) => update(sgd, sgd.lr, p, g, {}));
    checkFinite(r.name, value);
    params[r.name] = value;
    return { ...nd, value: documentValue(value) };
  });
  if (Object.keys(params).length === 0) throw new Error(NO_TRAINABLE);
  const next = { ...doc, nodes };
  const after = analyze(next);
  const la = after.output?.value;
  return { lossBefore: loss, lossAfter: typeof la === 'number' ? la : undefined, batch, params, doc: next, after };
}

/** Flat float64 copies of a value and its gradient (a scalar gradient broadcast), updated by `step`, as a new value. */
function stepped(v: Value, g: Value, step: (p: Float64Array, g: Float64Array) => void): Value {
  const p = typeof v === 'number' ? Float64Array.of(v) : Float64Array.from(v.data);
  const grad = typeof g === 'number' ? new Float64Array(p.length).fill(g) : Float64Array.from(g.data);
  step(p, grad);
  return typeof v === 'number' ? p[0] : { shape: v.shape, data: p };
}
