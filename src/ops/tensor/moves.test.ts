import { describe, expect, it } from 'vitest';
import { tensor, toNested } from '../../tensor/tensor';
import { defaultParams, OPS } from '../registry';
import { portsOf, type Params, type TensorOp } from '../types';
import { concat, stack } from './concat';
import { expand } from './expand';
import { gather } from './gather';
import { pad } from './pad';
import { permute } from './permute';
import { slice, split } from './slice';
import { squeeze, unsqueeze } from './squeeze';
import { expectGradients, opErrorMessage, randomTensor } from './testkit';

const MOVES = ['permute', 'squeeze', 'unsqueeze', 'expand', 'slice', 'split', 'pad', 'concat', 'stack', 'gather'];
const REDUCTIONS = ['logsumexp', 'reduceMax', 'reduceMin', 'argmax', 'argmin', 'var', 'std', 'norm'];

const at = (op: TensorOp, p: Record<string, unknown>): Params => ({ ...defaultParams(op), ...p }) as Params;
const run = (op: TensorOp, x: ReturnType<typeof tensor>, p: Record<string, unknown>) => toNested(op.forward({ x }, at(op, p)));
const m23 = tensor([2, 3], [1, 2, 3, 4, 5, 6]);

describe('the shape ops give the values torch gives', () => {
  it('permute: output dim i is input dim dims[i]', () => {
    expect(run(permute, m23, { dims: [1, 0] })).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(permute.shape({ x: [2, 3, 4, 5] }, at(permute, { dims: [0, 2, 3, 1] }))).toEqual([2, 4, 5, 3]);
  });

  it('slice: Python start:end:step, negative bounds from the end, clamped', () => {
    const v = tensor([7], [0, 1, 2, 3, 4, 5, 6]);
    expect(run(slice, v, { start: 1, end: [6], step: 2 })).toEqual([1, 3, 5]);
    expect(run(slice, v, { start: -3 })).toEqual([4, 5, 6]);
    expect(run(slice, v, { start: 2, end: [100], step: 3 })).toEqual([2, 5]);
    expect(run(slice, m23, { dim: 1, start: 0, end: [-1] })).toEqual([
      [1, 2],
      [4, 5],
    ]);
  });

  it('split: torch.split chunks, equal sizes (the last smaller) or listed sections', () => {
    const v = tensor([5], [0, 1, 2, 3, 4]);
    expect(run(split, v, { sizes: 2, index: 2 })).toEqual([4]);
    expect(run(split, v, { sizes: [1, 4], index: 1 })).toEqual([1, 2, 3, 4]);
    expect(run(split, m23, { sizes: 2, dim: 1, index: -1 })).toEqual([[3], [6]]);
  });

  it('pad: constant, reflect (edge not repeated) and replicate, the last dim first', () => {
    const v = tensor([1, 4], [1, 2, 3, 4]);
    expect(run(pad, v, { pad: [2, 1], value: 9 })).toEqual([[9, 9, 1, 2, 3, 4, 9]]);
    expect(run(pad, v, { pad: [2, 3], mode: 'reflect' })).toEqual([[3, 2, 1, 2, 3, 4, 3, 2, 1]]);
    expect(run(pad, v, { pad: [2, 1], mode: 'replicate' })).toEqual([[1, 1, 1, 2, 3, 4, 4]]);
    expect(run(pad, m23, { pad: [0, 0, 1, 0] })).toEqual([
      [0, 0, 0],
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(run(pad, m23, { pad: [-1, 0] })).toEqual([
      [2, 3],
      [5, 6],
    ]);
  });

  it('squeeze and unsqueeze', () => {
    expect(squeeze.shape({ x: [1, 3, 1, 2] }, at(squeeze, {}))).toEqual([3, 2]);
    expect(squeeze.shape({ x: [1, 3, 1, 2] }, at(squeeze, { dims: [2] }))).toEqual([1, 3, 2]);
    expect(squeeze.shape({ x: [1, 3, 1, 2] }, at(squeeze, { dims: [1] }))).toEqual([1, 3, 1, 2]); // not size 1: kept, as torch
    expect(unsqueeze.shape({ x: [3, 2] }, at(unsqueeze, { dim: -1 }))).toEqual([3, 2, 1]);
    expect(unsqueeze.shape({ x: [3, 2] }, at(unsqueeze, { dim: 1 }))).toEqual([3, 1, 2]);
  });

  it('expand: size-1 dims grow, new ones go in front, -1 keeps', () => {
    const col = tensor([2, 1], [1, 2]);
    expect(run(expand, col, { shape: [2, 2, 3] })).toEqual([
      [
        [1, 1, 1],
        [2, 2, 2],
      ],
      [
        [1, 1, 1],
        [2, 2, 2],
      ],
    ]);
    expect(expand.shape({ x: [2, 1] }, at(expand, { shape: [-1, 4] }))).toEqual([2, 4]);
  });

  it('gather: the example of torch.gather’s documentation', () => {
    const x = tensor([2, 2], [1, 2, 3, 4]);
    const index = tensor([2, 2], [0, 0, 1, 0]);
    expect(toNested(gather.forward({ x, index }, { dim: 1 }))).toEqual([
      [1, 1],
      [4, 3],
    ]);
    const g = gather.backward({ x, index }, x, tensor([2, 2], [1, 1, 1, 1]), { dim: 1 });
    expect(toNested(g.x)).toEqual([
      [2, 0],
      [1, 1],
    ]);
  });

  it('concat and stack', () => {
    const a = tensor([2, 1], [7, 8]);
    expect(toNested(concat.forward({ x0: m23, x1: a }, { count: 2, dim: 1 }))).toEqual([
      [1, 2, 3, 7],
      [4, 5, 6, 8],
    ]);
    const u = tensor([2], [1, 2]);
    const v = tensor([2], [3, 4]);
    const w = tensor([2], [5, 6]);
    expect(toNested(stack.forward({ x0: u, x1: v, x2: w }, { count: 3, dim: 1 }))).toEqual([
      [1, 3, 5],
      [2, 4, 6],
    ]);
    expect(concat.shape({ x0: [2, 3, 4], x1: [2, 5, 4], x2: [2, 1, 4] }, { count: 3, dim: -2 })).toEqual([2, 9, 4]);
    expect(stack.shape({ x0: [2, 3], x1: [2, 3] }, { count: 2, dim: -1 })).toEqual([2, 3, 2]);
  });
});

describe('the shape ops name the port and dims they refuse', () => {
  it('concat and stack', () => {
    expect(opErrorMessage(() => concat.shape({ x0: [2, 3, 6], x1: [2, 4, 5] }, { count: 2, dim: 1 }))).toBe(
      'concat x1 is 2×4×5 but x0 is 2×3×6: every dim but dim 1 must agree (dim 2: 5 vs 6)',
    );
    expect(opErrorMessage(() => concat.shape({ x0: [2, 3], x1: [2, 3, 1] }, { count: 2, dim: 0 }))).toBe(
      'concat x1 is 2×3×1 but x0 is 2×3: every input needs 2 dims',
    );
    expect(opErrorMessage(() => stack.shape({ x0: [2, 3], x1: [3, 2] }, { count: 2, dim: 0 }))).toBe(
      'stack x1 is 3×2 but x0 is 2×3: stacked tensors must have the same shape',
    );
  });

  it('the others', () => {
    expect(opErrorMessage(() => permute.shape({ x: [2, 3, 4] }, { dims: [0, 1] }))).toBe(
      'permute dims [0, 1] name 2 dims, but the input is 2×3×4 (3 dims): list each of 0..2 once',
    );
    expect(opErrorMessage(() => permute.shape({ x: [2, 3] }, { dims: [1, -1] }))).toBe(
      'permute dims names dim 1 twice ([1, -1] on a 2×3 tensor)',
    );
    expect(opErrorMessage(() => expand.shape({ x: [2, 3] }, { shape: [2, 4] }))).toBe(
      'expand cannot make dim 1 of the 2×3 input (size 3) into 4: only a size-1 dim grows; use 3 or -1 there',
    );
    expect(opErrorMessage(() => pad.shape({ x: [1, 3] }, at(pad, { pad: [3, 0], mode: 'reflect' })))).toBe(
      'reflect padding of dim 1 must be less than its size 3 (as torch), got 3 and 0',
    );
    expect(opErrorMessage(() => pad.shape({ x: [5] }, at(pad, { pad: [1, 1], mode: 'replicate' })))).toBe(
      'replicate padding of 1 dim needs a 2- or 3-dim input (as torch), got 5; reshape it or pad fewer dims',
    );
    expect(opErrorMessage(() => split.shape({ x: [5] }, at(split, { sizes: [2, 2] })))).toBe(
      'split sections [2, 2] add up to 4, but dim 0 of the 5 input has 5',
    );
    expect(opErrorMessage(() => split.shape({ x: [5] }, at(split, { sizes: 2, index: 3 })))).toBe(
      'split makes 3 chunks of dim 0 (sizes [2, 2, 1]): index 3 is out of range, use -3 to 2',
    );
    expect(opErrorMessage(() => gather.shape({ x: [2, 3], index: [3, 1] }, { dim: 1 }))).toBe(
      "gather index dim 0 has size 3, more than x's 2 (3×1 vs 2×3): only dim 1 may be larger",
    );
    expect(opErrorMessage(() => gather.forward({ x: m23, index: tensor([1, 1], [3]) }, { dim: 1 }))).toBe(
      'gather index 3 at element 0 is not a whole number in 0..2 (dim 1 of x, 2×3)',
    );
  });
});

type Case = [op: TensorOp, ins: () => Record<string, ReturnType<typeof tensor>>, p: Record<string, unknown>, ports?: string[]];
const r = randomTensor;

const cases: Case[] = [
  [permute, () => ({ x: r([2, 3, 4], 1) }), { dims: [2, 0, 1] }],
  [permute, () => ({ x: r([3, 1, 2, 2], 2) }), { dims: [0, 2, 3, -3] }],
  [squeeze, () => ({ x: r([1, 3, 1, 2], 3) }), {}],
  [squeeze, () => ({ x: r([1, 3, 1, 2], 3) }), { dims: [0, 2] }],
  [unsqueeze, () => ({ x: r([3, 2], 4) }), { dim: -2 }],
  [expand, () => ({ x: r([3, 1], 5) }), { shape: [2, 3, 4] }],
  [expand, () => ({ x: r([1, 2], 6) }), { shape: [3, -1] }],
  [slice, () => ({ x: r([3, 7], 7) }), { dim: 1, start: 1, end: [-1], step: 2 }],
  [slice, () => ({ x: r([5, 2], 8) }), { start: -4, step: 3 }],
  [split, () => ({ x: r([2, 5], 9) }), { sizes: 2, dim: -1, index: 1 }],
  [split, () => ({ x: r([6, 2], 10) }), { sizes: [1, 3, 2], index: -2 }],
  [pad, () => ({ x: r([2, 3, 4], 11) }), { pad: [1, 2, 2, 0], value: 0.5 }],
  [pad, () => ({ x: r([1, 2, 3, 4], 12) }), { pad: [2, 1, 1, 2], mode: 'reflect' }],
  [pad, () => ({ x: r([2, 3, 4], 13) }), { pad: [3, 1], mode: 'replicate' }],
  [pad, () => ({ x: r([3, 4], 14) }), { pad: [-1, 2] }],
  [gather, () => ({ x: r([3, 4], 15), index: tensor([2, 4], [0, 2, 2, 1, 1, 0, 2, 2]) }), { dim: 0 }, ['x']],
  [gather, () => ({ x: r([2, 3, 4], 16), index: tensor([2, 2, 3], [3, 0, 0, 1, 1, 2, 0, 3, 3, 2, 1, 0]) }), { dim: -1 }, ['x']],
  [concat, () => ({ x0: r([2, 3], 17), x1: r([2, 1], 18), x2: r([2, 4], 19) }), { count: 3, dim: 1 }, ['x0', 'x1', 'x2']],
  [concat, () => ({ x0: r([1, 3], 20), x1: r([2, 3], 21) }), { dim: 0 }, ['x0', 'x1']],
  [stack, () => ({ x0: r([2, 3], 22), x1: r([2, 3], 23), x2: r([2, 3], 24) }), { count: 3, dim: 1 }, ['x0', 'x1', 'x2']],
  [stack, () => ({ x0: r([4], 25) }), { count: 1, dim: -1 }, ['x0']],
];

describe('the shape ops’ gradients against central differences', () => {
  it.each(cases.map(([op, ins, p, ports]) => [`${op.type} ${JSON.stringify(p)}`, op, ins, p, ports] as const))(
    '%s',
    (_name, op, ins, p, ports = ['x']) => expectGradients(op, ins(), at(op, p), ports),
  );
});

describe('the shape ops and reductions describe themselves', () => {
  const mine = OPS.filter((o): o is TensorOp => o.kind === 'tensor' && [...MOVES, ...REDUCTIONS].includes(o.type));

  it('are all in the registry', () => {
    expect(mine.map((o) => o.type).sort()).toEqual([...MOVES, ...REDUCTIONS].sort());
  });

  it.each(mine.map((o) => [o.type, o] as const))('%s, with its default parameters', (_t, o) => {
    const p = defaultParams(o);
    const args = portsOf(o, p).map((port) => port.name);
    for (const s of [o.symbol(p), o.text(args, p), o.latex(args, p)]) expect(s).toMatch(/\S/);
    expect(typeof (o.summary?.(p) ?? '')).toBe('string'); // empty over all elements
    expect(Object.keys(o.rule?.(p) ?? {})).toEqual(args);
    expect(o.params.every((spec) => spec.label)).toBe(true);
  });
});

describe('the shape ops: costs', () => {
  it('move numbers: no parameters, no multiply-adds', () => {
    expect(pad.cost?.({ x: [2, 3] }, [2, 5], at(pad, {}))).toEqual({ params: 0, macs: 0 });
    expect(concat.cost?.({ x0: [2, 3], x1: [2, 3] }, [4, 3], { count: 2, dim: 0 })).toEqual({ params: 0, macs: 0 });
    expect(gather.cost?.({ x: [2, 3], index: [2, 1] }, [2, 1], { dim: 1 })).toEqual({ params: 0, macs: 0 });
  });
});
