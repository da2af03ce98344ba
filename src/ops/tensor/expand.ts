import { formatShape } from '../../format/shape';
import { strides, type Shape } from '../../tensor/tensor';
import { OpError, type Params } from '../types';
import { intsOf, listText } from './dims';
import { indexMap } from './index-map';
import { mover } from './mover';

/** The target shape, as torch.Tensor.expand reads it: -1 keeps a dim, a size-1 dim grows, new dims go in front. */
function target(x: Shape, p: Params): Shape {
  const want = intsOf(p, 'shape');
  const lead = want.length - x.length;
  if (lead < 0) {
    throw new OpError(`expand shape ${listText(want)} has fewer dims than the ${formatShape(x)} input: give at least ${x.length}`, 'param');
  }
  return want.map((w, i) => {
    const d = i - lead;
    if (d < 0) {
      if (!Number.isInteger(w) || w < 0)
        throw new OpError(`expand: the new leading dim ${i} must be a size ≥ 0, got ${w} (-1 keeps only an existing dim)`, 'param');
      return w;
    }
    if (w === -1 || w === x[d]) return x[d];
    if (x[d] === 1 && Number.isInteger(w) && w >= 0) return w;
    throw new OpError(
      `expand cannot make dim ${d} of the ${formatShape(x)} input (size ${x[d]}) into ${w}: only a size-1 dim grows; use ${x[d]} or -1 there`,
      'param',
    );
  });
}

/** Repeats size-1 dims (and adds leading ones) without copying, as torch.Tensor.expand and torch.broadcast_to. */
export const expand = mover({
  type: 'expand',
  title: 'Expand (broadcast to)',
  keywords: ['broadcastTo', 'broadcast_to', 'repeat', 'tile'],
  params: [{ name: 'shape', kind: 'ints', default: [-1], label: 'shape (-1 keeps a dim)' }],
  symbol: 'expand',
  summary: (p) => `→ ${intsOf(p, 'shape').join('×')}`,
  text: (x, p) => `expand(${x}, ${listText(intsOf(p, 'shape'))})`,
  latex: (x) => `\\mathrm{expand}(${x})`,
  torch: ({ args: { x }, params }, py) => `${x}.expand(${py.ints(intsOf(params, 'shape'))})`,
  rule: 'the gradient is summed over the repeated (broadcast) dims',
  shape: target,
  map: (x, p) => {
    const out = target(x, p);
    const st = strides(x);
    const lead = out.length - x.length;
    // A grown dim has stride 0: every output row reads the one input row.
    const step = out.map((_, i) => (i < lead || x[i - lead] === 1 ? 0 : st[i - lead]));
    return indexMap(out, (at) => at.reduce((o, a, i) => o + a * step[i], 0));
  },
});
