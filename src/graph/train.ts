import { analyze, type Analysis } from './analyze';
import { problemText } from './problems';
import type { GraphDocument } from './schema';
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

/** One step of gradient descent on the `trainable` inputs: θ ← θ − lr · g (g / batch with `mean`). */
export function sgdStep(doc: GraphDocument, opts: StepOptions): StepResult {
  const before = analyze(doc);
  const loss = before.output?.value;
  if (typeof loss !== 'number') {
    const why = before.output?.problem;
    throw new Error(why ? `the loss has no value: ${problemText(why, before.labels)}` : 'the output must be a scalar loss');
  }
  const batch = opts.mean ? (opts.batch ?? inferBatch(before)) : 1;
  const scale = opts.lr / batch;
  const params = emptyRecord<Value>();
  const nodes = doc.nodes.map((nd) => {
    const r = before.byId.get(nd.id);
    if (!r || nd.op !== 'input' || nd.params?.trainable !== true) return nd;
    if (r.grad === undefined) throw new Error(`the trainable input "${r.name}" gets no gradient from the loss`);
    const value = produceValue(r.value as Value, r.grad, scale);
    const bad = firstNonFinite(value);
    // A document cannot hold Infinity or NaN (JSON writes null): refuse the step, not the save.
    if (bad)
      throw new Error(
        `the step would make "${r.name}" ${bad.x}${bad.at} (the learning rate times the gradient overflows): use a smaller learning rate`,
      );
    params[r.name] = value;
    return { ...nd, value: typeof value === 'number' ? value : { shape: [...value.shape], data: Array.from(value.data) } };
  });
  if (Object.keys(params).length === 0) throw new Error('no trainable inputs: mark the parameters to update as trainable');
  const next = { ...doc, nodes };
  const after = analyze(next);
  const la = after.output?.value;
  return { lossBefore: loss, lossAfter: typeof la === 'number' ? la : undefined, batch, params, doc: next, after };
}

/** v − scale · g, elementwise; a new value, the inputs untouched. */
function produceValue(v: Value, g: Value, scale: number): Value {
  if (typeof v === 'number') return v - scale * (g as number);
  const gd = typeof g === 'number' ? null : g.data;
  const data = v.data.map((x, i) => x - scale * (gd ? gd[i] : (g as number)));
  return { shape: v.shape, data };
}
