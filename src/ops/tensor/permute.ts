import { formatShape } from '../../format/shape';
import { strides, type Shape } from '../../tensor/tensor';
import { OpError, type Params } from '../types';
import { distinctAxes, intsOf, listText } from './dims';
import { flatIndex, indexMap } from './index-map';
import { mover } from './mover';

function order(x: Shape, p: Params): number[] {
  const dims = intsOf(p, 'dims');
  if (dims.length !== x.length) {
    throw new OpError(
      `permute dims ${listText(dims)} name ${dims.length} dims, but the input is ${formatShape(x)} (${x.length} dims): list each of 0..${x.length - 1} once`,
      'param',
    );
  }
  return distinctAxes('permute', 'dims', dims, x);
}

/** Reorders the dimensions: output dim i is input dim dims[i], as torch.permute. */
export const permute = mover({
  type: 'permute',
  title: 'Permute',
  keywords: ['transpose', 'reorder axes', 'NCHW', 'NHWC', 'moveaxis'],
  params: [{ name: 'dims', kind: 'ints', default: [1, 0], label: 'dims: output dim i is input dim dims[i]' }],
  symbol: 'perm',
  summary: (p) => listText(intsOf(p, 'dims')),
  text: (x, p) => `permute(${x}, ${listText(intsOf(p, 'dims'))})`,
  latex: (x, p) => `\\mathrm{permute}(${x}, ${listText(intsOf(p, 'dims'))})`,
  torch: ({ args: { x }, params, shapes }, py) => `${x}.permute(${py.ints(order(shapes.x, params))})`,
  rule: 'the gradient is permuted back by the inverse order',
  shape: (x, p) => order(x, p).map((d) => x[d]),
  map(x, p) {
    const dims = order(x, p);
    const st = strides(x);
    const step = dims.map((d) => st[d]);
    return indexMap(
      dims.map((d) => x[d]),
      (at) => flatIndex(step, at),
    );
  },
});
