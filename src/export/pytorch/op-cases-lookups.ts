/**
 * Test support: embedding (padding rows, repeated indices, an owned table, a scalar index),
 * upsample at torch's coordinate conventions, and dropout in both document modes, for the op-by-op
 * PyTorch cases (op-cases-testkit.ts). Used by tests only.
 */
import type { GraphDocument } from '../../graph/schema';
import { document, input, t, type EdgeSpec, type NodeSpec } from './op-case-doc';

/** Embedding and upsample; the upsample input has C > 1 and H > 1, so torch runs its NCHW kernel, not the channels-last one. */
export function lookups(): GraphDocument {
  const nodes: NodeSpec[] = [
    ['tokens', 'constant', { value: t([2, 3], (i) => [1, 4, 1, 2, 0, 5][i]) }],
    ['one', 'constant', { value: 3 }],
    input(
      'table',
      t([6, 4], (i) => ((i * 7) % 11) / 4 - 1.25),
    ),
    ['emb', 'embedding', { params: { numEmbeddings: 6, embeddingDim: 4, paddingIdx: [1] } }],
    ['embOwn', 'embedding', { params: { numEmbeddings: 6, embeddingDim: 3, paddingIdx: [-1], seed: 4 } }],
    ['emb0', 'embedding', { params: { numEmbeddings: 6, embeddingDim: 4 } }],
    input(
      'img',
      t([2, 3, 4, 5], (i) => Math.sin(i * 1.3) + ((i * 5) % 7) / 7),
    ),
    ['near2', 'upsample'],
    ['near15', 'upsample', { params: { scaleFactor: 1.5 } }],
    ['nearHalf', 'upsample', { params: { scaleFactor: 0.5 } }],
    ['nearSize', 'upsample', { params: { size: [3, 7] } }],
    ['bil2', 'upsample', { params: { mode: 'bilinear' } }],
    ['bil17', 'upsample', { params: { mode: 'bilinear', scaleFactor: 1.7 } }],
    ['bilDown', 'upsample', { params: { mode: 'bilinear', scaleFactor: 0.6 } }],
    ['bilAc', 'upsample', { params: { mode: 'bilinear', size: [7, 3], alignCorners: true } }],
    ['bilAcSame', 'upsample', { params: { mode: 'bilinear', size: [4, 9], alignCorners: true } }],
  ];
  const edges: EdgeSpec[] = [
    ['tokens', 'emb', 'indices'],
    ['table', 'emb', 'weight'],
    ['tokens', 'embOwn', 'indices'],
    ['one', 'emb0', 'indices'],
    ['table', 'emb0', 'weight'],
    ...['near2', 'near15', 'nearHalf', 'nearSize', 'bil2', 'bil17', 'bilDown', 'bilAc', 'bilAcSame'].map((id): EdgeSpec => [
      'img',
      id,
      'x',
    ]),
  ];
  return document('embedding and upsample', nodes, edges, [
    'emb',
    'embOwn',
    'emb0',
    'near2',
    'near15',
    'nearHalf',
    'nearSize',
    'bil2',
    'bil17',
    'bilDown',
    'bilAc',
    'bilAcSame',
  ]);
}

function dropouts(mode: 'train' | 'eval'): GraphDocument {
  const nodes: NodeSpec[] = [
    input(
      'x',
      t([3, 4], (i) => ((i * 5) % 9) / 4 - 1),
    ),
    input(
      'img',
      t([2, 2, 3, 3], (i) => Math.cos(i)),
    ),
    ['drop', 'dropout', { params: { p: 0.25, seed: 3 } }],
    ['dropImg', 'dropout', { params: { p: 0.5, seed: 11 } }],
    ['dropAll', 'dropout', { params: { p: 1 } }],
    ['dropNone', 'dropout', { params: { p: 0 } }],
  ];
  const edges: EdgeSpec[] = [
    ['x', 'drop', 'x'],
    ['img', 'dropImg', 'x'],
    ['x', 'dropAll', 'x'],
    ['x', 'dropNone', 'x'],
  ];
  return { ...document(`dropout in ${mode} mode`, nodes, edges, ['drop', 'dropImg', 'dropAll', 'dropNone']), mode };
}

/** Dropout in train mode: the script multiplies by the engine's own mask. */
export const dropoutTrain = (): GraphDocument => dropouts('train');

/** Dropout in eval mode, the default: the identity, as F.dropout(training=False). */
export const dropoutEval = (): GraphDocument => dropouts('eval');
