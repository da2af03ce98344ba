import type { GraphDocument, GraphEdge, GraphNode, NodeValue } from '../../graph/schema';

/**
 * Exact text of a number: String() is the shortest round-trip form, but it writes -0 as "0", and
 * 1/-0 differs from 1/0.
 */
const num = (v: number): string => (Object.is(v, -0) ? '-0' : String(v));

const valueKeys = new WeakMap<object, string>();

function valueKey(v: NodeValue | undefined): string {
  if (v === undefined) return '';
  if (typeof v === 'number') return `n${num(v)}`;
  let key = valueKeys.get(v);
  if (key === undefined) {
    key =
      'data' in v
        ? `t${v.shape.join('x')}:${v.data.map(num).join(',')}`
        : `i${v.shape.join('x')}:${v.init}:${v.seed ?? ''}:${v.scale === undefined ? '' : num(v.scale)}`;
    valueKeys.set(v, key);
  }
  return key;
}

function paramKey(p: unknown): string {
  if (typeof p === 'number') return `n${num(p)}`;
  if (typeof p === 'boolean') return `b${p}`;
  if (typeof p === 'string') return `s${JSON.stringify(p)}`;
  return `a${(p as number[]).map(num).join(',')}`;
}

const nodeKeys = new WeakMap<GraphNode, string>();

/** What evaluation reads of a node: not its label, name or position, which only change the numbering's text. */
function nodeKey(n: GraphNode): string {
  let key = nodeKeys.get(n);
  if (key === undefined) {
    const params = n.params
      ? Object.keys(n.params)
          .sort()
          .map((k) => `${JSON.stringify(k)}=${paramKey(n.params?.[k])}`)
          .join(';')
      : '';
    const constants = n.constants
      ? Object.keys(n.constants)
          .sort()
          .map((k) => `${JSON.stringify(k)}=${num(n.constants?.[k] as number)}`)
          .join(';')
      : '';
    // An expanded call is evaluated as its body's nodes, under their own ids.
    key = `${JSON.stringify(n.id)}|${JSON.stringify(n.op)}|${params}|${valueKey(n.value)}|${constants}${n.expanded ? '|expanded' : ''}`;
    nodeKeys.set(n, key);
  }
  return key;
}

const edgeKeys = new WeakMap<readonly GraphEdge[], string>();

function edgesKey(edges: readonly GraphEdge[]): string {
  let key = edgeKeys.get(edges);
  if (key === undefined) {
    key = edges.map((e) => `${JSON.stringify(e.source)}>${JSON.stringify(e.target)}.${JSON.stringify(e.port)}`).join('\n');
    edgeKeys.set(edges, key);
  }
  return key;
}

/**
 * Everything the numbers of an evaluation depend on (ops, parameters, values, wiring and the
 * output, the train/eval mode, the definitions its calls run and which calls are expanded), as one
 * exact string: two documents with the same fingerprint evaluate to the same
 * value, gradient and error at every node id. Title, description, labels, names, positions, the
 * view, `expected` and `meta` are left out, so editing them never re-runs an evaluation. Keys are
 * cached per object, and immer keeps unchanged objects, so an edit costs one node's key and a join.
 */
export function evalFingerprint(doc: GraphDocument): string {
  // The train/eval mode changes what dropout computes; a definition's body is what its calls compute.
  const functions = JSON.stringify(doc.functions ?? null);
  return `${JSON.stringify(doc.output ?? null)}|${doc.mode ?? 'eval'}\n${functions}\n${doc.nodes.map(nodeKey).join('\n')}\n\n${edgesKey(doc.edges)}`;
}
