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
