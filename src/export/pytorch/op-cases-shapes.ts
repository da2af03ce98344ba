/**
 * Test support: the shape ops and reductions in the corners where conventions differ (negative
 * dims, reflect padding at its limit, repeated gathers, ties of max and min), for the op-by-op
 * PyTorch cases (op-cases-testkit.ts). Used by tests only.
 */
import type { GraphDocument } from '../../graph/schema';
import { document, input, t, type EdgeSpec, type NodeSpec } from './op-case-doc';

/** Every shape op: each branch reads x (2×3×4) or small tensors of its own. */
export function moves(): GraphDocument {
  const nodes: NodeSpec[] = [
    input(
      'x',
      t([2, 3, 4], (i) => ((i * 7) % 13) / 5 - 1),
    ),
    input(
      'col',
      t([3, 1], (i) => [0.5, -1, 2][i]),
    ),
    input(
      'y',
      t([2, 2, 4], (i) => ((i * 5) % 9) / 4 - 1),
    ),
    ['idx', 'constant', { value: t([2, 3, 2], (i) => [3, 0, 0, 0, 2, 1, 1, 1, 3, 2, 0, 3][i]) }],
    ['perm', 'permute', { params: { dims: [2, 0, 1] } }],
    ['sq', 'squeeze', { params: { dims: [-2] } }],
    ['sqKeep', 'squeeze', { params: { dims: [1] } }],
    ['unsq', 'unsqueeze', { params: { dim: -2 } }],
    ['sqAll', 'squeeze'],
    ['exp', 'expand', { params: { shape: [2, 3, 5] } }],
    ['sl', 'slice', { params: { dim: -1, start: 1, end: [-1], step: 2 } }],
    ['sl2', 'slice', { params: { dim: 1, start: -2 } }],
    ['sp', 'split', { params: { sizes: 2, dim: 1, index: 1 } }],
    ['sp2', 'split', { params: { sizes: [1, 3], dim: -1, index: -1 } }],
    ['padC', 'pad', { params: { pad: [1, 2, 0, 1], value: 0.25 } }],
    ['padR', 'pad', { params: { pad: [3, 3, 2, 2], mode: 'reflect' } }],
    ['padE', 'pad', { params: { pad: [2, 1], mode: 'replicate' } }],
    ['crop', 'pad', { params: { pad: [-1, 0] } }],
    ['cat', 'concat', { params: { count: 3, dim: 1 } }],
    ['st', 'stack', { params: { count: 2, dim: -1 } }],
    ['ga', 'gather', { params: { dim: -1 } }],
  ];
  const edges: EdgeSpec[] = [
    ['x', 'perm', 'x'],
    ['x', 'unsq', 'x'],
    ['unsq', 'sq', 'x'],
    ['unsq', 'sqKeep', 'x'],
    ['col', 'sqAll', 'x'],
    ['col', 'exp', 'x'],
    ['x', 'sl', 'x'],
    ['x', 'sl2', 'x'],
    ['x', 'sp', 'x'],
    ['x', 'sp2', 'x'],
    ['x', 'padC', 'x'],
    ['x', 'padR', 'x'],
    ['x', 'padE', 'x'],
    ['x', 'crop', 'x'],
    ['x', 'cat', 'x0'],
    ['y', 'cat', 'x1'],
    ['x', 'cat', 'x2'],
    ['x', 'st', 'x0'],
    ['sq', 'st', 'x1'],
    ['x', 'ga', 'x'],
    ['idx', 'ga', 'index'],
  ];
  return document('every shape op', nodes, edges, [
    'perm',
    'sq',
    'sqAll',
    'exp',
    'sl',
    'sl2',
    'sp',
    'sp2',
    'padC',
    'padR',
    'padE',
    'crop',
    'cat',
    'st',
    'ga',
  ]);
}

/** Every reduction over all, one and several axes, with ties for max and min and a zero vector for the norm. */
export function reductions(): GraphDocument {
  const nodes: NodeSpec[] = [
    input(
      'x',
      t([2, 3, 4], (i) => ((i * 7) % 13) / 5 - 1),
    ),
    // Ties: row 0 has its max 3 twice, row 1 its min 0 twice; the whole tensor's max 3 twice.
    input(
      'tie',
      t([2, 3], (i) => [1, 3, 3, 2, 0, 0][i]),
    ),
    input(
      'z',
      t([2, 3], (i) => [0, 0, 0, 1, -3, 3][i]),
    ),
    ['sumAxes', 'sum', { params: { all: false, axis: [0, 2] } }],
    ['meanAxes', 'mean', { params: { all: false, axis: [-1, 0], keepdim: true } }],
    ['lse', 'logsumexp'],
    ['lseAxes', 'logsumexp', { params: { all: false, axis: [0, 2], keepdim: true } }],
    ['maxAll', 'reduceMax'],
    ['maxAxis', 'reduceMax', { params: { all: false, axis: 1 } }],
    ['maxAxes', 'reduceMax', { params: { all: false, axis: [0, 1], keepdim: true } }],
    ['minAxis', 'reduceMin', { params: { all: false, axis: -1, keepdim: true } }],
    ['minAll', 'reduceMin', { params: { keepdim: true } }],
    ['amax', 'argmax', { params: { all: false, axis: 1 } }],
    ['amin', 'argmin', { params: { keepdim: true } }],
    ['var', 'var', { params: { all: false, axis: [0, 2] } }],
    ['varN', 'var', { params: { unbiased: false } }],
    ['std', 'std', { params: { all: false, axis: 1, keepdim: true } }],
    ['norm2', 'norm', { params: { all: false, axis: 1 } }],
    ['norm1', 'norm', { params: { ord: '1', all: false, axis: [0, 1] } }],
    ['normInf', 'norm', { params: { ord: 'inf', all: false, axis: -1 } }],
    ['normAll', 'norm'],
    // Shifted before the squaring, so the norm of the zero row gets a gradient of 2, not 0, to pass on.
    ['norm2Shift', 'addConst'],
  ];
  const edges: EdgeSpec[] = [
    ['x', 'sumAxes', 'x'],
    ['x', 'meanAxes', 'x'],
    ['x', 'lse', 'x'],
    ['x', 'lseAxes', 'x'],
    ['tie', 'maxAll', 'x'],
    ['tie', 'maxAxis', 'x'],
    ['tie', 'maxAxes', 'x'],
    ['tie', 'minAxis', 'x'],
    ['tie', 'minAll', 'x'],
    ['tie', 'amax', 'x'],
    ['tie', 'amin', 'x'],
    ['x', 'var', 'x'],
    ['x', 'varN', 'x'],
    ['x', 'std', 'x'],
    ['z', 'norm2', 'x'],
    ['norm2', 'norm2Shift', 'u'],
    ['z', 'norm1', 'x'],
    ['z', 'normInf', 'x'],
    ['x', 'normAll', 'x'],
  ];
  const branches = ['sumAxes', 'meanAxes', 'lse', 'lseAxes', 'maxAll', 'maxAxis', 'maxAxes', 'minAxis', 'minAll', 'amax', 'amin'];
  return document('every reduction', nodes, edges, [...branches, 'var', 'varN', 'std', 'norm2Shift', 'norm1', 'normInf', 'normAll']);
}

/** matmul with 1-D operands and broadcast batch dims on both sides, and linear on [N, T, in]. */
export function products(): GraphDocument {
  const f = (shape: number[], seed: number) => t(shape, (i) => (((i + seed) * 7) % 11) / 5 - 1);
  const nodes: NodeSpec[] = [
    input('v3', f([3], 1)),
    input('w3', f([3], 2)),
    input('m34', f([3, 4], 3)),
    input('m23', f([2, 3], 4)),
    input('b4', f([2, 1, 2, 3], 5)),
    input('b3', f([3, 3, 2], 6)),
    input('seq', f([2, 5, 3], 7)),
    ['dot', 'matmul'],
    ['vm', 'matmul'],
    ['mv', 'matmul'],
    ['bb', 'matmul'],
    ['vb', 'matmul'],
    ['mb', 'matmul'],
    ['lin', 'linear', { params: { inFeatures: 3, outFeatures: 4, init: 'xavierUniform', seed: 4 } }],
  ];
  const edges: EdgeSpec[] = [
    ['v3', 'dot', 'a'],
    ['w3', 'dot', 'b'],
    ['v3', 'vm', 'a'],
    ['m34', 'vm', 'b'],
    ['m23', 'mv', 'a'],
    ['w3', 'mv', 'b'],
    ['b4', 'bb', 'a'],
    ['b3', 'bb', 'b'],
    ['w3', 'vb', 'a'],
    ['b3', 'vb', 'b'],
    ['m23', 'mb', 'a'],
    ['b3', 'mb', 'b'],
    ['seq', 'lin', 'x'],
  ];
  return document('matmul on 1-D and batched operands, linear on [N, T, in]', nodes, edges, ['dot', 'vm', 'mv', 'bb', 'vb', 'mb', 'lin']);
}
