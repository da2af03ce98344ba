import type { Edge, Node } from '@xyflow/react';
import type { GraphDocument, GraphEdge, GraphNode } from '../../graph/schema';
import { expandedView, type ExpandedView } from '../functions/expanded-view';

/**
 * Custom nodes read their own data from the store by id, so React Flow's `data` stays empty.
 * A `frame` is an expanded call drawn as its body: the call's id, around its body's `op` nodes.
 */
export type OpFlowNode = Node<Record<string, never>, 'op' | 'frame'>;
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
  const view = expandedView(doc);
  if (view) return sameOr(prev, withBodies(doc, view, before, select));
  return sameOr(
    prev,
    doc.nodes.map((dn) => {
      const p = before.get(dn.id);
      const selected = select ? select.has(dn.id) : (p?.selected ?? false);
      // A collapsed call was drawn as a frame: it starts over as a node.
      const q = p?.type === 'op' ? p : undefined;
      if (q && q.position === dn.position && q.selected === selected) return q;
      return { ...(q ?? { id: dn.id, type: 'op' as const, data: EMPTY }), position: dn.position, selected };
    }),
  );
}

/**
 * The nodes with each expanded call as a frame (the call's id, where the call is) followed by its
 * body's nodes as its children: read-only views, neither dragged, selected nor connected.
 */
function withBodies(doc: GraphDocument, view: ExpandedView, before: ReadonlyMap<string, OpFlowNode>, select?: ReadonlySet<string>) {
  return doc.nodes.flatMap((dn): OpFlowNode[] => {
    const p = before.get(dn.id);
    const selected = select ? select.has(dn.id) : (p?.selected ?? false);
    const frame = view.frames.get(dn.id);
    if (!frame) {
      if (p && p.type === 'op' && p.position === dn.position && p.selected === selected) return [p];
      return [{ ...(p?.type === 'op' ? p : { id: dn.id, type: 'op' as const, data: EMPTY }), position: dn.position, selected }];
    }
    const style = { width: frame.width, height: frame.height };
    const same =
      p?.type === 'frame' && p.position === dn.position && p.selected === selected && p.width === frame.width && p.height === frame.height;
    const framed: OpFlowNode = same
      ? p
      : { id: dn.id, type: 'frame', data: EMPTY, position: dn.position, selected, width: frame.width, height: frame.height, style };
    return [
      framed,
      ...frame.inner.map((id): OpFlowNode => {
        const q = before.get(id);
        const at = (view.inner.get(id) as { position: { x: number; y: number } }).position;
        if (q && q.parentId === dn.id && q.position.x === at.x && q.position.y === at.y) return q;
        return {
          id,
          type: 'op',
          data: EMPTY,
          position: at,
          parentId: dn.id,
          extent: 'parent',
          draggable: false,
          selectable: false,
          connectable: false,
          deletable: false,
          selected: false,
        };
      }),
    ];
  });
}

/** React Flow's edges from the document, reusing unchanged ones; an expanded call's edges go to and from its body. */
export function deriveEdges(doc: GraphDocument, prev: ValueFlowEdge[], clearSelection = false): ValueFlowEdge[] {
  const before = new Map(prev.map((e) => [e.id, e]));
  const view = expandedView(doc);
  return sameOr(
    prev,
    (view?.edges ?? doc.edges).map((de) => {
      const id = edgeKey(de);
      const p = before.get(id);
      const readOnly = view?.readOnlyEdges.has(de) ?? false;
      if (p && !(clearSelection && p.selected) && (p.selectable === false) === readOnly) return p;
      return {
        id,
        type: 'value' as const,
        source: de.source,
        target: de.target,
        sourceHandle: OUT_HANDLE,
        targetHandle: de.port,
        data: EMPTY,
        selected: false,
        ...(readOnly && { selectable: false, deletable: false }),
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
