import type { Draft } from 'immer';
import { defaultParams, getOp } from '../../ops/registry';
import type { ParamValue } from '../../ops/types';
import type { GraphDocument, GraphEdge, GraphNode, NodeValue } from '../../graph/schema';
import { edgeKey } from './flow';
import type { Recipe } from './history';

type Doc = GraphDocument;
type Position = { x: number; y: number };

const INPUT_NAMES = ['x', 'y', 'z', 'w', 'u', 'v', 'p', 'q', 'r', 's', 't'];

/** An id not yet used in the document: `base1`, `base2`, ... (or a free letter for inputs). */
export function freshId(taken: ReadonlySet<string>, base: string): string {
  if (base === 'input') {
    const letter = INPUT_NAMES.find((n) => !taken.has(n));
    if (letter) return letter;
  }
  let k = 1;
  while (taken.has(`${base}${k}`)) k++;
  return `${base}${k}`;
}

const takenIds = (doc: Doc): Set<string> => new Set(doc.nodes.map((n) => n.id));

/** A new node of an op at a position, with a value for inputs and constants. */
export function makeNode(doc: Doc, type: string, position: Position): GraphNode {
  const op = getOp(type);
  if (!op) throw new Error(`unknown op "${type}"`);
  const id = freshId(takenIds(doc), type);
  const params = defaultParams(op);
  return {
    id,
    op: type,
    position: { x: Math.round(position.x), y: Math.round(position.y) },
    ...(op.params.length > 0 && { params: params as Record<string, ParamValue> }),
    ...(op.kind === 'source' && { value: 1 }),
  };
}

const find = (d: Draft<Doc>, id: string) => d.nodes.find((n) => n.id === id);

export const addNodes =
  (nodes: readonly GraphNode[], edges: readonly GraphEdge[] = []): Recipe<Doc> =>
  (d) => {
    // Loops, not push(...): pasting a selection of many thousands would overflow the call stack.
    for (const n of nodes) d.nodes.push(n as GraphNode);
    for (const e of edges) d.edges.push(e as GraphEdge);
  };

/** Removes nodes (with every edge touching them) and edges (by edgeKey). */
export const removeItems =
  (nodeIds: ReadonlySet<string>, edgeKeys: ReadonlySet<string>): Recipe<Doc> =>
  (d) => {
    d.nodes = d.nodes.filter((n) => !nodeIds.has(n.id));
    d.edges = d.edges.filter((e) => !nodeIds.has(e.source) && !nodeIds.has(e.target) && !edgeKeys.has(edgeKey(e)));
    if (d.output !== undefined && nodeIds.has(d.output)) delete d.output;
  };

/** Connects an edge, replacing whatever fed that input port before: an edge, or a number typed into it. */
export const connectEdge =
  (edge: GraphEdge): Recipe<Doc> =>
  (d) => {
    d.edges = d.edges.filter((e) => !(e.target === edge.target && e.port === edge.port));
    d.edges.push(edge);
    const n = find(d, edge.target);
    if (n?.constants && edge.port in n.constants) {
      delete n.constants[edge.port];
      if (!Object.keys(n.constants).length) delete n.constants;
    }
  };

export const moveNodes =
  (positions: ReadonlyMap<string, Position>): Recipe<Doc> =>
  (d) => {
    for (const n of d.nodes) {
      const p = positions.get(n.id);
      if (p && (p.x !== n.position.x || p.y !== n.position.y)) n.position = { x: p.x, y: p.y };
    }
  };

export const setValue =
  (id: string, value: NodeValue): Recipe<Doc> =>
  (d) => {
    const n = find(d, id);
    if (n) n.value = value as Draft<NodeValue>;
  };

export const setParam =
  (id: string, name: string, value: ParamValue): Recipe<Doc> =>
  (d) => {
    const n = find(d, id);
    if (n) n.params = { ...n.params, [name]: value };
  };

/** Sets or clears (empty text) a node's label override or variable name. */
export const setText =
  (id: string, field: 'label' | 'name', text: string): Recipe<Doc> =>
  (d) => {
    const n = find(d, id);
    if (!n) return;
    if (text.trim() === '') delete n[field];
    else n[field] = text;
  };

export const setOutput =
  (id: string): Recipe<Doc> =>
  (d) => {
    d.output = id;
  };

export const setDocText =
  (field: 'title' | 'description', text: string): Recipe<Doc> =>
  (d) => {
    if (text === '') delete d[field];
    else d[field] = text;
  };

/**
 * Nodes and edges of a fragment under fresh ids, shifted by an offset: what paste and duplicate
 * insert. Edges to nodes outside the fragment are dropped.
 */
export function remapFragment(
  doc: Doc,
  fragment: Pick<Doc, 'nodes' | 'edges'>,
  offset: Position,
): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const taken = takenIds(doc);
  const ids = new Map<string, string>();
  const nodes = fragment.nodes.map((n) => {
    const id = taken.has(n.id) ? freshId(taken, n.op === 'input' ? 'input' : n.op) : n.id;
    taken.add(id);
    ids.set(n.id, id);
    const copy: GraphNode = { ...n, id, position: { x: n.position.x + offset.x, y: n.position.y + offset.y } };
    // A copied input answers to its new id, so two inputs never share a variable name.
    if (n.op === 'input' && id !== n.id) delete copy.name;
    return copy;
  });
  const edges = fragment.edges.flatMap((e) => {
    const source = ids.get(e.source);
    const target = ids.get(e.target);
    return source && target ? [{ source, target, port: e.port }] : [];
  });
  return { nodes, edges };
}
