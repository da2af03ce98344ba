import { tensor, toNested } from '../../tensor/tensor';
import { OpError, type Params } from '../types';
import { mean, sum } from './reduce';

const x = tensor([2, 3], [1, 2, 3, 4, 5, 6]);
const all: Params = { all: true, axis: -1, keepdim: false };
const along = (axis: number, keepdim = false): Params => ({ all: false, axis, keepdim });

describe('sum and mean', () => {
  it('reduce everything to a rank-0 tensor by default', () => {
    expect(sum.shape({ x: x.shape }, all)).toEqual([]);
    expect([...sum.forward({ x }, all).data]).toEqual([21]);
    expect([...mean.forward({ x }, all).data]).toEqual([3.5]);
  });

  it('reduce along one axis, optionally keeping it as size 1', () => {
    expect(toNested(sum.forward({ x }, along(0)))).toEqual([5, 7, 9]);
    expect(toNested(mean.forward({ x }, along(-1)))).toEqual([2, 5]);
    expect(toNested(mean.forward({ x }, along(1, true)))).toEqual([[2], [5]]);
    expect(sum.shape({ x: [2, 3, 4] }, along(1))).toEqual([2, 4]);
    expect(sum.shape({ x: [2, 3] }, { ...all, keepdim: true })).toEqual([1, 1]);
  });

  it('send each output gradient to every element it summed (divided by n for the mean)', () => {
    const g = tensor([2], [3, 6]);
    expect(toNested(sum.backward({ x }, g, g, along(1)).x)).toEqual([
      [3, 3, 3],
      [6, 6, 6],
    ]);
    expect(toNested(mean.backward({ x }, g, g, along(1)).x)).toEqual([
      [1, 1, 1],
      [2, 2, 2],
    ]);
    const g0 = tensor([], [12]);
    expect([...mean.backward({ x }, g0, g0, all).x.data]).toEqual([2, 2, 2, 2, 2, 2]);
  });

  it('reject an axis outside the input', () => {
    expect(() => sum.shape({ x: [2, 3] }, along(2))).toThrow(
      new OpError('sum axis 2 is out of range for a 2×3 tensor: use -2 to 1', 'param'),
    );
    expect(() => mean.forward({ x }, along(-3))).toThrow(
      new OpError('mean axis -3 is out of range for a 2×3 tensor: use -2 to 1', 'param'),
    );
  });
});
