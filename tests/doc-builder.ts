import type { GraphDocument, GraphNode, NodeValue } from '../src/graph/schema';

/** A compact way to write test graphs: nodes laid out left to right in the order given. */
export function graph(
  nodes: [id: string, op: string, extra?: Partial<GraphNode>][],
  edges: [source: string, target: string, port: string][],
  output?: string,
): GraphDocument {
  return {
    format: 'backprop-studio.graph',
    version: 2,
    nodes: nodes.map(([id, op, extra], i) => ({ id, op, position: { x: i * 100, y: 0 }, ...extra })),
    edges: edges.map(([source, target, port]) => ({ source, target, port })),
    ...(output ? { output } : {}),
  };
}

export const inp = (id: string, value: NodeValue, extra: Partial<GraphNode> = {}): [string, string, Partial<GraphNode>] => [
  id,
  'input',
  { value, ...extra },
];

/** f = x·x + x at x = 3, where x fans out three times: the chain rule sums b1 = 3 + 3 + 1 = 7. */
export const xSquaredPlusX = () =>
  graph(
    [inp('x', 3), ['m', 'mul'], ['s', 'add']],
    [
      ['x', 'm', 'a'],
      ['x', 'm', 'b'],
      ['m', 's', 'a'],
      ['x', 's', 'b'],
    ],
  );

/**
 * x (16×32×32, all 0.5) through a 16 → 32 3×3 convolution (padding 1, weights all 0.1, no bias),
 * summed (s), times k = 0.001 (y): 4.75M multiply-adds, heavy enough for the page to leave it to
 * the evaluation worker.
 */
export const heavyConvSum = () =>
  graph(
    [
      inp('x', { shape: [16, 32, 32], init: 'constant', scale: 0.5 }),
      inp('w', { shape: [32, 16, 3, 3], init: 'constant', scale: 0.1 }),
      inp('bias', { shape: [32], init: 'zeros' }),
      ['c', 'conv2d', { params: { inChannels: 16, outChannels: 32, kernel: 3, padding: 1 } }],
      ['s', 'sum'],
      inp('k', 0.001),
      ['y', 'mul'],
    ],
    [
      ['x', 'c', 'x'],
      ['w', 'c', 'weight'],
      ['bias', 'c', 'bias'],
      ['c', 's', 'x'],
      ['s', 'y', 'a'],
      ['k', 'y', 'b'],
    ],
  );
