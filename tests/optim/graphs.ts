/** The graphs the optimizers are checked on: scalar and tensor, full-batch and minibatch. */
import { readFileSync } from 'node:fs';
import { formulaToDocument } from '../../src/graph/formula-to-graph';
import { parseDocument } from '../../src/graph/load';
import type { GraphDocument, GraphNode } from '../../src/graph/schema';
import { graph, inp } from '../doc-builder';

const trainable = { params: { trainable: true } } satisfies Partial<GraphNode>;

/** Rosenbrock's narrow curved valley, f = (1 − x)² + 10(y − x²)², from (−1, 1): two trainable scalars. */
export function valley(): GraphDocument {
  const doc = formulaToDocument('(1 - x)^2 + 10*(y - x^2)^2', { values: { x: -1, y: 1 } });
  return { ...doc, nodes: doc.nodes.map((nd) => (nd.op === 'input' ? { ...nd, ...trainable } : nd)) };
}

/** P3: y = A x, L = ½ Σ (y − t)², A (1 × 2) trainable. */
export function p3(): GraphDocument {
  const r = parseDocument(readFileSync('public/examples/p3-linear-mse-update.json', 'utf8'));
  if (!r.ok) throw new Error('P3 does not load');
  const { expected: _, ...doc } = r.doc;
  return doc;
}

/** Eight 3-feature samples in three classes: a 3-4-3 MLP with ReLU and mean cross-entropy. */
export function mlp(): GraphDocument {
  const X = [0.5, -1, 2, 1.5, 0.3, -0.7, -0.2, 0.8, 1.1, 2, -1.5, 0.4, -0.9, -0.3, 0.6, 0.7, 1.2, -2, -1.1, 0.1, 0.9, 0.3, -0.6, 1.7];
  return graph(
    [
      inp('X', { shape: [8, 3], data: X }),
      inp('y', { shape: [8], data: [0, 1, 2, 0, 1, 2, 2, 0] }),
      inp('W1', { shape: [4, 3], init: 'kaimingUniform', seed: 3 }, trainable),
      inp('b1', { shape: [4], data: [0.1, -0.2, 0.05, 0] }, trainable),
      inp('W2', { shape: [3, 4], init: 'xavierNormal', seed: 4 }, trainable),
      inp('b2', { shape: [3], data: [0, 0.1, -0.1] }, trainable),
      ['h', 'linear', { params: { inFeatures: 3, outFeatures: 4 } }],
      ['r', 'relu'],
      ['z', 'linear', { params: { inFeatures: 4, outFeatures: 3 } }],
      ['L', 'crossEntropy'],
    ],
    [
      ['X', 'h', 'x'],
      ['W1', 'h', 'weight'],
      ['b1', 'h', 'bias'],
      ['h', 'r', 'u'],
      ['r', 'z', 'x'],
      ['W2', 'z', 'weight'],
      ['b2', 'z', 'bias'],
      ['z', 'L', 'logits'],
      ['y', 'L', 'target'],
    ],
    'L',
  );
}
