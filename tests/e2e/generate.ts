import { FORMAT, VERSION, type GraphDocument, type GraphEdge, type GraphNode } from '../../src/graph/schema';

const BINARY = ['add', 'mul', 'sub'];
const UNARY = ['tanh', 'sin', 'sigmoid'];

/**
 * A deterministic scalar graph of n nodes for benchmarks: a tenth of them inputs, the rest a
 * chain in which every op also reads an earlier node, so an input edit ripples through all of
 * it. Bounded ops (tanh, sin, sigmoid) keep the values finite; nodes sit on a grid.
 */
export function generateGraph(n: number, seed = 1): GraphDocument {
  let s = seed;
  const rand = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const inputs = Math.max(2, Math.round(n / 10));
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const at = (i: number) => ({ x: Math.floor(i / 10) * 220, y: (i % 10) * 110 });
  for (let i = 0; i < inputs; i++)
    nodes.push({ id: `x${i}`, op: 'input', position: at(i), value: Math.round((rand() * 2 - 1) * 100) / 100 });
  for (let i = inputs; i < n; i++) {
    const id = `n${i}`;
    const prev = nodes[i - 1].id;
    if (i % 3 === 0) {
      nodes.push({ id, op: UNARY[i % UNARY.length], position: at(i) });
      edges.push({ source: prev, target: id, port: 'u' });
    } else {
      nodes.push({ id, op: BINARY[i % BINARY.length], position: at(i) });
      edges.push({ source: prev, target: id, port: 'a' }, { source: nodes[Math.floor(rand() * (i - 1))].id, target: id, port: 'b' });
    }
  }
  return { format: FORMAT, version: VERSION, title: `Generated ${n}-node graph`, nodes, edges, output: nodes[n - 1].id };
}
