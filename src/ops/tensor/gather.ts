import { formatShape } from '../../format/shape';
import { strides, type Shape, type Tensor } from '../../tensor/tensor';
import { num, OpError, type Params, type TensorOp } from '../types';
import { addBack, flatIndex, indexMap, readThrough, type IndexMap } from './index-map';
import { axisIndex } from './shape-ops';
import { required } from './weights';

function check(x: Shape | undefined, index: Shape | undefined, p: Params): number {
  if (!x || !index) throw new OpError('gather needs tensors on both its "x" and "index" ports');
  const axis = axisIndex('gather', 'dim', num(p, 'dim'), x);
  if (index.length !== x.length) {
    throw new OpError(`gather index is ${formatShape(index)} but x is ${formatShape(x)}: they need the same number of dims (${x.length})`);
  }
  const big = index.findIndex((n, d) => d !== axis && n > x[d]);
  if (big >= 0) {
    throw new OpError(
      `gather index dim ${big} has size ${index[big]}, more than x's ${x[big]} (${formatShape(index)} vs ${formatShape(x)}): only dim ${axis} may be larger`,
    );
  }
  return axis;
}

/** out[i][j][k] = x[index[i][j][k]][j][k] for dim 0 (and so on), reading each index as a whole number. */
function table(x: Shape, index: Tensor, axis: number): IndexMap {
  const n = x[axis];
  const st = strides(x);
  let i = 0;
  return indexMap(index.shape, (at) => {
    const v = index.data[i++];
    if (!Number.isInteger(v) || v < 0 || v >= n) {
      throw new OpError(
        `gather index ${v} at element ${i - 1} is not a whole number in 0..${n - 1} (dim ${axis} of x, ${formatShape(x)})`,
        'domain',
      );
    }
    return flatIndex(st, at) + (v - at[axis]) * st[axis];
  });
}

/** Picks, along `dim`, the element each entry of `index` names: torch.gather(x, dim, index). */
export const gather: TensorOp = {
  kind: 'tensor',
  type: 'gather',
  group: 'Tensor',
  title: 'Gather',
  keywords: ['take along axis', 'index select', 'pick'],
  inputs: [{ name: 'x' }, { name: 'index' }],
  params: [{ name: 'dim', kind: 'int', default: -1, label: 'dim the index picks along' }],
  symbol: () => 'gather',
  summary: (p) => `dim ${num(p, 'dim')}`,
  text: ([x, index], p) => `gather(${x}, ${num(p, 'dim')}, ${index})`,
  latex: ([x, index]) => `\\mathrm{gather}(${x}, ${index})`,
  torch: ({ args: { x, index }, params }) => `torch.gather(${x}, ${num(params, 'dim')}, ${index}.long())`,
  rule: () => ({
    x: 'each output gradient is added into the element it picked (summed where picked twice)',
    index: 'none: indices are whole numbers (reported as 0)',
  }),
  shape: ({ x, index }, p) => {
    check(x, index, p);
    return [...index];
  },
  forward: (ins, p) => {
    const x = required('gather', ins, 'x');
    const index = required('gather', ins, 'index');
    return readThrough(x, table(x.shape, index, check(x.shape, index.shape, p)));
  },
  backward: (ins, _out, g, p) => {
    const x = required('gather', ins, 'x');
    const index = required('gather', ins, 'index');
    const m = table(x.shape, index, check(x.shape, index.shape, p));
    return { x: addBack(x.shape, m, g), index: { shape: [...index.shape], data: new Float64Array(index.data.length) } };
  },
  cost: () => ({ params: 0, macs: 0 }),
  indexPorts: () => ['index'],
};
