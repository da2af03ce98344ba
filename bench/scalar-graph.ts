import type { GraphDocument } from '../src/graph/schema';

export interface ScalarSpec {
  /** Op per node after the inputs: a repeating mix of add, mul, tanh, pow and exp. */
  readonly ops: readonly ('add' | 'mul' | 'tanh' | 'pow' | 'exp')[];
  /** For binary ops, the earlier node that is the second operand. */
  readonly other: Int32Array;
  readonly inputs: number;
  readonly values: Float64Array;
}

const CYCLE = ['mul', 'add', 'tanh', 'exp', 'pow'] as const;

/**
 * A chain of `n` nodes where every op reads the previous node (so all reach the output) and binary
 * ops also read a random earlier node; tanh keeps the values bounded so no run hits a domain error.
 */
export function scalarSpec(n: number, seed = 1): ScalarSpec {
  let s = seed;
  const rand = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const inputs = 8;
  const ops = Array.from({ length: n - inputs }, (_, i) => CYCLE[i % CYCLE.length]);
  const other = Int32Array.from(ops, (_, i) => Math.floor(rand() * (i + inputs)));
  const values = Float64Array.from({ length: inputs }, () => rand() * 2 - 1);
  return { ops, other, inputs, values };
}

/** The spec as a graph document (ids n0, n1, ...). */
export function scalarDocument(spec: ScalarSpec): GraphDocument {
  const nodes: GraphDocument['nodes'] = [];
  const edges: GraphDocument['edges'] = [];
  for (let i = 0; i < spec.inputs; i++) nodes.push({ id: `n${i}`, op: 'input', value: spec.values[i], position: { x: 0, y: i } });
  spec.ops.forEach((op, j) => {
    const i = j + spec.inputs;
    nodes.push({ id: `n${i}`, op, position: { x: i, y: 0 }, ...(op === 'pow' ? { params: { c: 2 } } : {}) });
    const unary = op === 'tanh' || op === 'exp' || op === 'pow';
    edges.push({ source: `n${i - 1}`, target: `n${i}`, port: unary ? 'u' : 'a' });
    if (!unary) edges.push({ source: `n${spec.other[j]}`, target: `n${i}`, port: 'b' });
  });
  return { format: 'backprop-studio.graph', version: 2, nodes, edges, output: `n${nodes.length - 1}` };
}
