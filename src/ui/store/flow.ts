import type { Edge, Node } from '@xyflow/react';
import type { GraphDocument, GraphEdge, GraphNode } from '../../graph/schema';

/** Custom nodes read their own data from the store by id, so React Flow's `data` stays empty. */
export type OpFlowNode = Node<Record<string, never>, 'op'>;
export type ValueFlowEdge = Edge<Record<string, never>, 'value'>;

const EMPTY: Record<string, never> = Object.freeze({}) as Record<string, never>;

export const OUT_HANDLE = 'out';

export const edgeKey = (e: Pick<GraphEdge, 'source' | 'target' | 'port'>): string => `${e.source}-${e.target}-${e.port}`;

const nodeIndexCache = new WeakMap<readonly GraphNode[], ReadonlyMap<string, GraphNode>>();

/** The document's nodes by id, built once per version of the node list. */
export function nodeIndex(doc: GraphDocument): ReadonlyMap<string, GraphNode> {
  let index = nodeIndexCache.get(doc.nodes);
  if (!index) {
    index = new Map(doc.nodes.map((n) => [n.id, n]));
    nodeIndexCache.set(doc.nodes, index);
  }
  return index;
}

/**
 * React Flow's nodes from the document. A node whose position object is unchanged is reused as
 * is, so React Flow (and the memoised node components) only see what really changed; selection
 * and measured sizes carry over.
 */
export function deriveNodes(doc: GraphDocument, prev: OpFlowNode[], select?: ReadonlySet<string>): OpFlowNode[] {
  const before = new Map(prev.map((n) => [n.id, n]));
  return sameOr(
    prev,
    doc.nodes.map((dn) => {
      const p = before.get(dn.id);
      const selected = select ? select.has(dn.id) : (p?.selected ?? false);
      if (p && p.position === dn.position && p.selected === selected) return p;
      return { ...(p ?? { id: dn.id, type: 'op' as const, data: EMPTY }), position: dn.position, selected };
    }),
  );
}

/** React Flow's edges from the document, reusing unchanged ones. */
export function deriveEdges(doc: GraphDocument, prev: ValueFlowEdge[], clearSelection = false): ValueFlowEdge[] {
  const before = new Map(prev.map((e) => [e.id, e]));
  return sameOr(
    prev,
    doc.edges.map((de) => {
      const id = edgeKey(de);
      const p = before.get(id);
      if (p && !(clearSelection && p.selected)) return p;
      return {
        id,
        type: 'value' as const,
        source: de.source,
        target: de.target,
        sourceHandle: OUT_HANDLE,
        targetHandle: de.port,
        data: EMPTY,
        selected: false,
      };
    }),
  );
}

/**
 * The previous array when every element is the same object: an edit of a value then leaves
 * React Flow's nodes and edges untouched, and none of its per-node store selectors run.
 */
function sameOr<T>(prev: T[], next: T[]): T[] {
  return prev.length === next.length && next.every((v, i) => v === prev[i]) ? prev : next;
}

export const selectedIds = (items: readonly { id: string; selected?: boolean }[]): string[] =>
  items.filter((i) => i.selected).map((i) => i.id);

/** The same array when the contents are equal, so selectors do not re-render for nothing. */
export const stable = (prev: readonly string[], next: readonly string[]): readonly string[] =>
  prev.length === next.length && prev.every((v, i) => v === next[i]) ? prev : next;
