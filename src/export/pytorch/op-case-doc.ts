/** Test support: how the op-by-op PyTorch cases write their documents. Used by tests only. */
import { VERSION, type GraphDocument, type GraphNode, type NodeValue } from '../../graph/schema';

export type NodeSpec = [id: string, op: string, extra?: Partial<GraphNode>];
export type EdgeSpec = [source: string, target: string, port: string];

export const input = (id: string, value: NodeValue): NodeSpec => [id, 'input', { value }];

/** A tensor filled by f(flat index). */
export function t(shape: number[], f: (i: number) => number): NodeValue {
  const n = shape.reduce((a, b) => a * b, 1);
  return { shape, data: Array.from({ length: n }, (_, i) => f(i)) };
}

/**
 * Squares and sums each branch and adds the sums into one scalar output: every branch then gets a
 * gradient that differs from element to element, unlike a plain sum's ones.
 */
export function document(title: string, nodes: NodeSpec[], edges: EdgeSpec[], branches: readonly string[]): GraphDocument {
  let acc = '';
  for (const b of branches) {
    nodes.push([`${b}_sq`, 'square'], [`${b}_sum`, 'sum']);
    edges.push([b, `${b}_sq`, 'u'], [`${b}_sq`, `${b}_sum`, 'x']);
    if (acc) {
      nodes.push([`acc_${b}`, 'add']);
      edges.push([acc, `acc_${b}`, 'a'], [`${b}_sum`, `acc_${b}`, 'b']);
    }
    acc = acc ? `acc_${b}` : `${b}_sum`;
  }
  return {
    format: 'backprop-studio.graph',
    version: VERSION,
    title,
    nodes: nodes.map(([id, op, extra]) => ({ id, op, position: { x: 0, y: 0 }, ...extra })),
    edges: edges.map(([source, target, port]) => ({ source, target, port })),
    output: acc,
  };
}
