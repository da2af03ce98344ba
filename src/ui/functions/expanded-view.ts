import { compile } from '../../graph/compile';
import type { GraphDocument, GraphEdge, GraphNode } from '../../graph/schema';

/** One expanded call as the canvas draws it: a frame named after the function around its body's nodes. */
export interface ExpandedFrame {
  /** The call node's id: the frame stands for the call (select, delete, move and collapse it). */
  readonly call: string;
  readonly fn: string;
  /** Frame size; its top-left corner is the call's position, so moving the frame moves the call. */
  readonly width: number;
  readonly height: number;
  /** The body's nodes in numbering order, ids as the engine gives them (`call id/body node id`). */
  readonly inner: readonly string[];
}

/** A body node drawn inside its call's frame: read-only, a view of the definition. */
export interface InnerNode {
  readonly node: GraphNode;
  readonly call: string;
  readonly fn: string;
  /** Relative to the frame's top-left corner. */
  readonly position: { readonly x: number; readonly y: number };
}

export interface ExpandedView {
  readonly frames: ReadonlyMap<string, ExpandedFrame>;
  readonly inner: ReadonlyMap<string, InnerNode>;
  /** The edges as drawn: the document's, with those into an expanded call replaced by its body's wiring and those out of it leaving its body's output. */
  readonly edges: readonly GraphEdge[];
  /** Edges that touch a body (not the document's own, or rewired): drawn, but not selectable. */
  readonly readOnlyEdges: ReadonlySet<GraphEdge>;
}

/** Room around a body's nodes, and for the frame's title above them. */
const PAD = 24;
const TITLE = 64;
/** A drawn op node's usual size (the canvas's placeholder size; not imported, to keep the store free of the canvas). */
const NODE_W = 150;
const NODE_H = 70;

const cache = new WeakMap<GraphDocument, ExpandedView | null>();

/**
 * What the canvas draws for the document's expanded calls, null when none is expanded. It is the
 * engine's own expansion (compile), so the ids, numbering and wiring drawn are the ones evaluated.
 */
export function expandedView(doc: GraphDocument): ExpandedView | null {
  // Every drawn node asks on every store change: the answer, null included, is kept per document.
  let view = cache.get(doc);
  if (view === undefined) {
    view = doc.nodes.some((n) => n.expanded) ? build(doc) : null;
    cache.set(doc, view);
  }
  return view;
}

function build(doc: GraphDocument): ExpandedView | null {
  const plan = compile(doc);
  const byCall = new Map<string, number[]>();
  plan.inside.forEach((c, k) => {
    if (c !== null) byCall.set(c, [...(byCall.get(c) ?? []), k]);
  });
  if (byCall.size === 0) return null;
  const docNodes = new Map(doc.nodes.map((n) => [n.id, n]));
  const frames = new Map<string, ExpandedFrame>();
  const inner = new Map<string, InnerNode>();
  for (const [call, ks] of byCall) {
    const fn = String(docNodes.get(call)?.params?.fn ?? '');
    const xs = ks.map((k) => plan.nodes[k].position.x);
    const ys = ks.map((k) => plan.nodes[k].position.y);
    const [x0, y0] = [Math.min(...xs), Math.min(...ys)];
    for (const k of ks)
      inner.set(plan.ids[k], {
        node: plan.nodes[k],
        call,
        fn,
        position: { x: PAD + plan.nodes[k].position.x - x0, y: TITLE + plan.nodes[k].position.y - y0 },
      });
    frames.set(call, {
      call,
      fn,
      width: Math.max(...xs) - x0 + NODE_W + 2 * PAD,
      height: Math.max(...ys) - y0 + NODE_H + TITLE + PAD,
      inner: ks.map((k) => plan.ids[k]),
    });
  }
  const readOnlyEdges = new Set<GraphEdge>();
  const edges: GraphEdge[] = [];
  for (const e of doc.edges) {
    if (frames.has(e.target)) continue;
    if (!frames.has(e.source)) {
      edges.push(e);
      continue;
    }
    const rewired = { ...e, source: plan.ids[plan.index.get(e.source) as number] };
    readOnlyEdges.add(rewired);
    edges.push(rewired);
  }
  for (const id of inner.keys()) {
    const k = plan.index.get(id) as number;
    plan.inputs[k].forEach((src, j) => {
      if (src < 0) return;
      const e = { source: plan.ids[src], target: id, port: plan.ports[k][j].name };
      readOnlyEdges.add(e);
      edges.push(e);
    });
  }
  return { frames, inner, edges, readOnlyEdges };
}
