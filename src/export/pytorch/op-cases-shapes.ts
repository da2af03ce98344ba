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
