import { tensor, toNested } from '../../tensor/tensor';
import { OpError, type Params } from '../types';
import { flatten, reshape, transpose } from './shape-ops';

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('flatten', () => {
  it('turns the segmentation net 30×1×1 into 30 with the default startDim 0 (P9)', () => {
    const x = tensor([30, 1, 1], range(30));
    expect(flatten.shape({ x: x.shape }, { startDim: 0 })).toEqual([30]);
    const y = flatten.forward({ x }, { startDim: 0 });
    expect(y.shape).toEqual([30]);
    expect([...y.data]).toEqual(range(30));
  });

  it('keeps a leading batch with startDim 1, and counts negative dims from the end', () => {
    expect(flatten.shape({ x: [2, 3, 4, 5] }, { startDim: 1 })).toEqual([2, 60]);
    expect(flatten.shape({ x: [2, 3, 4, 5] }, { startDim: -2 })).toEqual([2, 3, 20]);
    expect(flatten.shape({ x: [] }, { startDim: 0 })).toEqual([1]);
  });

  it('sends the gradient back in the input shape', () => {
    const x = tensor([2, 3], range(6));
    const g = tensor([6], [6, 5, 4, 3, 2, 1]);
    expect(toNested(flatten.backward({ x }, g, g, { startDim: 0 }).x)).toEqual([
      [6, 5, 4],
      [3, 2, 1],
    ]);
  });

  it('rejects a startDim outside the input', () => {
    expect(() => flatten.shape({ x: [2, 3] }, { startDim: 2 })).toThrow(
      new OpError('flatten startDim 2 is out of range for a 2×3 tensor: use -2 to 1', 'param'),
    );
  });
});

describe('reshape', () => {
  it('keeps row-major order and infers one -1', () => {
    const x = tensor([2, 3], range(6));
    const y = reshape.forward({ x }, { shape: [3, -1] });
    expect(toNested(y)).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(reshape.shape({ x: [2, 3, 4] }, { shape: [-1] })).toEqual([24]);
    expect(reshape.shape({ x: [6] }, { shape: 6 })).toEqual([6]);
  });

  it('names both sizes when the element counts differ', () => {
    expect(() => reshape.shape({ x: [2, 3] }, { shape: [4, 2] })).toThrow(
      new OpError('reshape cannot make 2×3 (6 elements) into [4, 2] (8): change shape so its product is 6, or use -1 for one entry'),
    );
  });

  it('rejects two -1 entries, a -1 that cannot be filled and negative sizes', () => {
    const bad = (shape: number[]) => () => reshape.shape({ x: [2, 3] }, { shape });
    expect(bad([-1, -1])).toThrow(new OpError('reshape shape may hold at most one -1, got [-1, -1]', 'param'));
    expect(bad([4, -1])).toThrow(new OpError('reshape cannot fill the -1 in [4, -1]: 2×3 has 6 elements, not a multiple of 4'));
    expect(bad([-2, 3])).toThrow(new OpError('reshape shape entries must be whole numbers ≥ 0 or a single -1, got -2', 'param'));
  });
});

describe('transpose', () => {
  const p: Params = { dim0: -2, dim1: -1 };

  it('swaps the last two dims of a matrix by default', () => {
    const x = tensor([2, 3], range(6));
    expect(toNested(transpose.forward({ x }, p))).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
  });

  it('swaps any two dims of a higher-rank tensor: out[k][j][i] = in[i][j][k]', () => {
    const x = tensor([2, 2, 3], range(12));
    const q = { dim0: 0, dim1: 2 };
    expect(transpose.shape({ x: x.shape }, q)).toEqual([3, 2, 2]);
    const inN = toNested(x) as number[][][];
    const outN = toNested(transpose.forward({ x }, q)) as number[][][];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) for (let k = 0; k < 3; k++) expect(outN[k][j][i]).toBe(inN[i][j][k]);
  });

  it('needs two dims', () => {
    expect(() => transpose.shape({ x: [4] }, p)).toThrow(
      new OpError('transpose dim0 -2 is out of range for a 4 tensor: use -1 to 0', 'param'),
    );
    expect(() => transpose.shape({ x: [] }, p)).toThrow(new OpError('transpose needs a tensor with at least one dimension, got a scalar'));
  });
});
