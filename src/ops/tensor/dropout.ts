import { rng } from '../../tensor/init';
import { sizeOf, type Shape, type Tensor } from '../../tensor/tensor';
import { num, OpError, type Params, type TensorOp } from '../types';
import { readInt, required } from './weights';

/** Tensors larger than the engine evaluates (src/graph/compile.ts's MAX_ELEMENTS): their script compares shapes only. */
const UNEVALUATED = 1 << 24;

function readP(p: Params): number {
  const v = num(p, 'p');
  if (!(v >= 0 && v <= 1)) throw new OpError(`dropout probability p must be between 0 and 1, got ${v}`, 'param');
  return v;
}

const training = (p: Params): boolean => p.training === true;

/**
 * Which elements dropout keeps (1) or zeroes (0): element i is dropped when the i-th draw of
 * mulberry32(seed) is below p. The same seed, p and shape give the same mask on every platform.
 */
export function dropoutMask(shape: Shape, p: Params): Tensor {
  const drop = readP(p);
  const r = rng(readInt(p, 'seed', 0, 0));
  return { shape: [...shape], data: Float64Array.from({ length: sizeOf(shape) }, () => (r() < drop ? 0 : 1)) };
}

/** What multiplies x in train mode: the mask over 1 − p, as torch scales it (all zeros at p = 1). */
function noise(shape: Shape, p: Params): Float64Array {
  const keep = 1 - readP(p);
  return dropoutMask(shape, p).data.map((m) => (keep === 0 ? 0 : m / keep));
}

const times = (t: Tensor, by: Float64Array): Tensor => ({ shape: [...t.shape], data: t.data.map((v, i) => v * by[i]) });

/**
 * torch's F.dropout with the document's train/eval switch: in train mode each element is zeroed
 * with probability p and the rest scaled by 1/(1 − p); in eval mode it is the identity. The mask
 * comes from the node's own seed (torch's generator differs: the PyTorch export passes this mask).
 */
export const dropout: TensorOp = {
  kind: 'tensor',
  type: 'dropout',
  group: 'Tensor',
  title: 'Dropout',
  keywords: ['regularization', 'mask', 'train', 'eval', 'F.dropout', 'nn.Dropout'],
  inputs: [{ name: 'x' }],
  params: [
    { name: 'p', kind: 'number', default: 0.5, label: 'p, probability of zeroing an element' },
    { name: 'seed', kind: 'int', default: 0, min: 0, label: 'mask seed' },
  ],
  readsMode: true,
  symbol: () => 'drop',
  // The node face reads the node's own parameters, not the document's mode: the summary leaves the mode out.
  summary: (p) => `p ${readP(p)} seed ${readInt(p, 'seed', 0, 0)}`,
  text: ([x], p) => (training(p) ? `dropout(${x}, p=${readP(p)}, seed ${readInt(p, 'seed', 0, 0)})` : `dropout(${x}, eval: identity)`),
  latex: ([x], p) => (training(p) ? `\\frac{m \\odot ${x}}{1 - ${readP(p)}}` : x),
  // torch draws its own mask from its own generator, so the script multiplies by this engine's mask instead.
  torch: ({ args: { x }, params, shapes }, py) => {
    const drop = readP(params);
    // In eval mode torch returns x itself: the clone makes the node a tensor of its own, with a gradient of its own.
    if (!training(params)) return `F.dropout(${x}, ${py.float(drop)}, training=False).clone()`;
    const shape = shapes.x ?? [];
    // Beyond the engine's limit (MAX_ELEMENTS in src/graph/compile.ts) nothing is evaluated and only shapes are compared.
    if (sizeOf(shape) > UNEVALUATED) return `F.dropout(${x}, ${py.float(drop)}, training=True)`;
    const mask = `torch.tensor(${py.ints([...dropoutMask(shape, params).data])}, dtype=torch.float64, device=${x}.device).reshape(${py.ints(shape)})`;
    return drop === 1 ? `${x} * torch.zeros((), device=${x}.device)` : `${x} * (${mask} / (1 - ${py.float(drop)}))`;
  },
  rule: (p) => ({
    x: training(p) ? '∂L/∂x = m ⊙ ∂L/∂y / (1 − p), m the mask (dropped elements get 0)' : '∂L/∂x = ∂L/∂y (eval mode: the identity)',
  }),
  shape: ({ x }, p) => {
    readP(p);
    if (!x) throw new OpError('dropout needs a tensor on its "x" port');
    return [...x];
  },
  forward: (ins, p) => {
    const x = required('dropout', ins, 'x');
    readP(p);
    return training(p) ? times(x, noise(x.shape, p)) : { shape: [...x.shape], data: x.data.slice() };
  },
  // Linear in x: the tangent is masked and scaled the same way.
  jvp: (_ins, out, { x }, p) => (x ? dropout.forward({ x }, p) : { shape: [...out.shape], data: new Float64Array(out.data.length) }),
  backward: (ins, _out, g, p) => {
    const x = required('dropout', ins, 'x');
    return { x: training(p) ? times(g, noise(x.shape, p)) : { shape: [...g.shape], data: g.data.slice() } };
  },
  /** One multiply per element in train mode; none in eval mode, where it is the identity. */
  cost: (_inputs, out, p) => ({ params: 0, macs: training(p) ? sizeOf(out) : 0 }),
  /** The mask this pass drew (1 kept, 0 dropped), reported with the node: eval --json's `state.mask`. */
  state: (ins, p) => (training(p) ? { mask: dropoutMask(required('dropout', ins, 'x').shape, p) } : null),
};
