import { formatShape } from '../../format/shape';
import { sameShape, strides, type Shape, type Tensor } from '../../tensor/tensor';
import { OpError, type Params, type TensorOp } from '../types';
import { intsOf, listText } from './dims';
import { readInt, required } from './weights';

interface Table {
  readonly num: number;
  readonly dim: number;
  /** The row that gets no gradient (torch's padding_idx, a negative one counted from the end), or null. */
  readonly pad: number | null;
}

function readTable(p: Params): Table {
  const num = readInt(p, 'numEmbeddings', 10, 1);
  const dim = readInt(p, 'embeddingDim', 3, 1);
  const pads = intsOf(p, 'paddingIdx');
  if (pads.length > 1 || (pads.length === 1 && !(Number.isInteger(pads[0]) && pads[0] >= -num && pads[0] < num))) {
    throw new OpError(
      `embedding paddingIdx must be empty (no padding row) or one whole number in ${-num}..${num - 1} (numEmbeddings ${num}), got ${listText(pads)}`,
      'param',
    );
  }
  return { num, dim, pad: pads.length ? (pads[0] + num) % num : null };
}

const coordinates = (shape: Shape, i: number): string =>
  shape.length === 0
    ? ''
    : ` [${strides(shape)
        .map((s, d) => Math.floor(i / s) % shape[d])
        .join(', ')}]`;

/** The row each index reads, checked: a class of error the shape rule cannot see, named by its place in `indices`. */
function rows(indices: Tensor, { num }: Table): Int32Array {
  return Int32Array.from(indices.data, (v, i) => {
    if (!Number.isInteger(v) || v < 0 || v >= num) {
      throw new OpError(
        `embedding index ${v} at element ${i}${coordinates(indices.shape, i)} of indices ${formatShape(indices.shape)} is not a whole number in 0..${num - 1} (numEmbeddings ${num})`,
        'domain',
      );
    }
    return v;
  });
}

function checkWeight(w: Shape | undefined, t: Table): void {
  if (w && !sameShape(w, [t.num, t.dim])) {
    throw new OpError(`embedding weight must be ${formatShape([t.num, t.dim])} (numEmbeddings×embeddingDim), got ${formatShape(w)}`);
  }
}

/**
 * A lookup table, torch's F.embedding: each index of `indices` reads one row of `weight`
 * [numEmbeddings, embeddingDim], so the output is indices' shape + [embeddingDim]. Its gradient is
 * sparse: each output row's gradient is added into the row it read, and the padding row gets none.
 */
export const embedding: TensorOp = {
  kind: 'tensor',
  type: 'embedding',
  group: 'Tensor',
  title: 'Embedding',
  keywords: ['lookup', 'token', 'word vector', 'index', 'nn.Embedding', 'padding_idx'],
  inputs: [{ name: 'indices' }, { name: 'weight', param: true }],
  params: [
    { name: 'numEmbeddings', kind: 'int', default: 10, min: 1, label: 'rows (vocabulary size)' },
    { name: 'embeddingDim', kind: 'int', default: 3, min: 1, label: 'columns (vector size)' },
    { name: 'paddingIdx', kind: 'ints', default: [], label: 'padding row, no gradient (empty: none)' },
    { name: 'seed', kind: 'int', default: 0, min: 0, label: 'initializer seed (own weight: N(0, 1))' },
  ],
  symbol: () => 'emb',
  summary: (p) => {
    const t = readTable(p);
    return `${t.num}×${t.dim}${t.pad === null ? '' : ` pad ${t.pad}`}`;
  },
  text: ([indices, weight = 'W'], p) => {
    const t = readTable(p);
    return `embedding(${indices}, ${weight}${t.pad === null ? '' : `, padding_idx=${t.pad}`})`;
  },
  latex: ([indices, weight = 'W']) => `${weight}[${indices}]`,
  torch: ({ args: { indices, weight }, params }) => {
    const t = readTable(params);
    return `F.embedding(${indices}.long(), ${weight}${t.pad === null ? '' : `, padding_idx=${t.pad}`})`;
  },
  rule: (p) => {
    const t = readTable(p);
    return {
      indices: 'none: indices are whole numbers (reported as no gradient)',
      weight: `∂L/∂W[r] = Σ of ∂L/∂out over the positions that read row r (0 for rows never read${t.pad === null ? '' : ` and for padding row ${t.pad}`})`,
    };
  },
  shape: ({ indices, weight }, p) => {
    const t = readTable(p);
    checkWeight(weight, t);
    if (!indices) throw new OpError('embedding needs a tensor of whole numbers on its "indices" port');
    return [...indices, t.dim];
  },
  forward: (ins, p) => {
    const t = readTable(p);
    const w = required('embedding', ins, 'weight');
    checkWeight(w.shape, t);
    const indices = required('embedding', ins, 'indices');
    const r = rows(indices, t);
    const data = new Float64Array(r.length * t.dim);
    r.forEach((row, i) => data.set(w.data.subarray(row * t.dim, (row + 1) * t.dim), i * t.dim));
    return { shape: [...indices.shape, t.dim], data };
  },
  backward: (ins, _out, g, p) => {
    const t = readTable(p);
    const r = rows(required('embedding', ins, 'indices'), t);
    const data = new Float64Array(t.num * t.dim);
    r.forEach((row, i) => {
      if (row === t.pad) return;
      for (let j = 0; j < t.dim; j++) data[row * t.dim + j] += g.data[i * t.dim + j];
    });
    return { weight: { shape: [t.num, t.dim], data } };
  },
  /** Params rows·columns; no multiply-adds (a lookup only copies). */
  cost: (_inputs, _out, p) => {
    const t = readTable(p);
    return { params: t.num * t.dim, macs: 0 };
  },
  // nn.Embedding's own weight is N(0, 1); it also zeroes the padding row at creation, which F.embedding (and this op) does not.
  implicit: (port, _inputs, p) => {
    const t = readTable(p);
    if (port !== 'weight') throw new OpError(`embedding has no parameter port "${port}" (ports: weight)`);
    return { shape: [t.num, t.dim], init: 'normal', scale: 1 };
  },
  indexPorts: () => ['indices'],
};
