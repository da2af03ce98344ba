import { formatShape } from '../../format/shape';
import { sizeOf, type Shape } from '../../tensor/tensor';
import { num, OpError, type Params } from '../types';
import { distinctAxes, intsOf, listText } from './dims';
import type { IndexMap } from './index-map';
import { mover } from './mover';

/** The same elements in the same order: output element i is input element i. */
const same = (out: Shape): IndexMap => ({ shape: [...out], from: Int32Array.from({ length: sizeOf(out) }, (_, i) => i) });

/** Which dims go: those listed that have size 1 (torch leaves a listed dim of another size alone), or every size-1 dim. */
function squeezed(x: Shape, p: Params): Shape {
  const listed = intsOf(p, 'dims');
  if (listed.length === 0) return x.filter((d) => d !== 1);
  const drop = new Set(distinctAxes('squeeze', 'dims', listed, x).filter((a) => x[a] === 1));
  return x.filter((_, i) => !drop.has(i));
}

/** Removes size-1 dimensions: all of them, or those listed, as torch.squeeze. */
export const squeeze = mover({
  type: 'squeeze',
  title: 'Squeeze',
  keywords: ['drop size-1 dims', 'remove axis'],
  params: [{ name: 'dims', kind: 'ints', default: [], label: 'dims (empty: every size-1 dim); a listed dim not of size 1 stays' }],
  symbol: 'squeeze',
  summary: (p) => (intsOf(p, 'dims').length ? listText(intsOf(p, 'dims')) : ''),
  text: (x, p) => `squeeze(${x}${intsOf(p, 'dims').length ? `, ${listText(intsOf(p, 'dims'))}` : ''})`,
  latex: (x) => `\\mathrm{squeeze}(${x})`,
  // torch 1.13's squeeze takes one dim at most: several are written as the reshape they amount to.
  torch: ({ args: { x }, params, shapes }, py) => {
    const dims = intsOf(params, 'dims');
    if (dims.length === 0) return `torch.squeeze(${x})`;
    if (dims.length === 1) return `torch.squeeze(${x}, ${dims[0]})`;
    return `${x}.reshape(${py.ints(squeezed(shapes.x, params))})`;
  },
  rule: 'the gradient is reshaped back to the input shape',
  shape: squeezed,
  map: (x, p) => same(squeezed(x, p)),
});

function unsqueezed(x: Shape, p: Params): Shape {
  const d = num(p, 'dim');
  const r = x.length;
  if (!Number.isInteger(d) || d < -r - 1 || d > r) {
    throw new OpError(`unsqueeze dim ${d} is out of range for a ${formatShape(x)} tensor: use ${-r - 1} to ${r}`, 'param');
  }
  const at = d < 0 ? d + r + 1 : d;
  return [...x.slice(0, at), 1, ...x.slice(at)];
}

/** Inserts a size-1 dimension at `dim` (counted in the output, -1 appends), as torch.unsqueeze. */
export const unsqueeze = mover({
  type: 'unsqueeze',
  title: 'Unsqueeze',
  keywords: ['add axis', 'new axis', 'expand dims', 'None'],
  params: [{ name: 'dim', kind: 'int', default: 0, label: 'dim of the new size-1 axis (in the output)' }],
  symbol: 'unsq',
  summary: (p) => `dim ${num(p, 'dim')}`,
  text: (x, p) => `unsqueeze(${x}, ${num(p, 'dim')})`,
  latex: (x) => `\\mathrm{unsqueeze}(${x})`,
  torch: ({ args: { x }, params }) => `torch.unsqueeze(${x}, ${num(params, 'dim')})`,
  rule: 'the gradient is reshaped back to the input shape',
  shape: unsqueezed,
  map: (x, p) => same(unsqueezed(x, p)),
});
