import { compile } from '../compile';
import type { GraphDocument, Training } from '../schema';
import { isTrainable } from '../train';
import type { Tensor } from '../../tensor/tensor';
import { shuffled } from './batches';

/** A data set: tensors whose first axis is the samples, by field name ("images", "labels"). */
export interface DataSet {
  readonly name: string;
  readonly fields: Readonly<Record<string, Tensor>>;
}

/** The data inputs of a document with their full tensors. */
export interface ResolvedData {
  readonly inputs: readonly { readonly id: string; readonly tensor: Tensor }[];
  readonly batchSize: number;
  readonly seed: number;
  /** The samples trained on, as indices into the data (batches index this list). */
  readonly trainRows: Int32Array;
  /** The held-out samples. */
  readonly testRows: Int32Array;
  /** The document with each data input holding `rows` samples (zeros), to compile a plan for that batch size. */
  docWithRows(rows: number): GraphDocument;
}

type DataSpec = NonNullable<Training['data']>;

/**
 * Finds each data input's tensor: the data set's field (by `fields`, or the input's id) when the
 * spec names a source, else the input's own value.
 * @throws Error naming the input or field that is missing or not a tensor of samples.
 */
export function resolveData(doc: GraphDocument, spec: DataSpec, dataset: DataSet | undefined): ResolvedData {
  if (spec.source !== undefined && dataset?.name !== spec.source)
    throw new Error(`the data set "${spec.source}" is not loaded${dataset ? ` (got "${dataset.name}")` : ''}`);
  if (!spec.inputs.length) throw new Error('the data set feeds no inputs: list them in training.data.inputs');
  if (spec.fields && spec.fields.length !== spec.inputs.length)
    throw new Error(`training.data names ${spec.inputs.length} inputs but ${spec.fields.length} fields`);
  const plan = spec.source === undefined ? compile(doc) : null;
  const inputs = spec.inputs.map((id, i) => {
    const nd = doc.nodes.find((n) => n.id === id);
    if (!nd || nd.op !== 'input') throw new Error(`the data input "${id}" is not an input of the graph`);
    if (isTrainable(nd)) throw new Error(`the data input "${id}" is marked trainable: data is not a parameter`);
    let tensor: Tensor | undefined;
    if (dataset) {
      const field = spec.fields?.[i] ?? id;
      tensor = dataset.fields[field];
      if (!tensor)
        throw new Error(`the data set "${dataset.name}" has no field "${field}" (it has ${Object.keys(dataset.fields).join(', ')})`);
    } else {
      const v = plan?.sourceValues[plan.index.get(id) as number];
      if (v === undefined || typeof v === 'number' || v.shape.length === 0)
        throw new Error(`the data input "${id}" must be a tensor whose first axis is the samples`);
      tensor = v;
    }
    return { id, tensor };
  });
  const n = inputs[0].tensor.shape[0];
  const heldOut = Math.min(spec.heldOut ?? 0, n);
  const order = spec.splitSeed === undefined ? Int32Array.from({ length: n }, (_, i) => i) : shuffled(n, spec.splitSeed);
  return {
    inputs,
    batchSize: spec.batchSize,
    seed: spec.seed,
    trainRows: order.slice(0, n - heldOut),
    testRows: order.slice(n - heldOut),
    docWithRows: (rows) => ({
      ...doc,
      nodes: doc.nodes.map((nd) => {
        const inp = inputs.find((x) => x.id === nd.id);
        return inp ? { ...nd, value: { shape: [rows, ...inp.tensor.shape.slice(1)], init: 'zeros' as const } } : nd;
      }),
    }),
  };
}

/** Why resolved data cannot be trained on (inputs of different lengths, nothing left to train on), or null. */
export function dataProblem(d: ResolvedData): string | null {
  const n = d.inputs[0].tensor.shape[0];
  const odd = d.inputs.find((x) => x.tensor.shape[0] !== n);
  if (odd) return `the data inputs differ in samples: "${d.inputs[0].id}" has ${n}, "${odd.id}" has ${odd.tensor.shape[0]}`;
  if (!d.trainRows.length) return `holding out ${d.testRows.length} of ${n} samples leaves none to train on`;
  return null;
}
