import dagre from '@dagrejs/dagre';
import type { GraphDocument } from '../../graph/schema';

export interface Size {
  readonly width: number;
  readonly height: number;
}

const FALLBACK: Size = { width: 150, height: 70 };

/**
 * Left-to-right positions (top-left corners) from dagre, using the sizes nodes were drawn at.
 * The gap between ranks leaves room for the value and gradient labels on the edges.
 */
export function dagrePositions(doc: GraphDocument, sizes: ReadonlyMap<string, Size>): Map<string, { x: number; y: number }> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 36, ranksep: 120, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of doc.nodes) g.setNode(n.id, { ...(sizes.get(n.id) ?? FALLBACK) });
  for (const e of doc.edges) g.setEdge(e.source, e.target);
  dagre.layout(g);
  const out = new Map<string, { x: number; y: number }>();
  for (const n of doc.nodes) {
    const p = g.node(n.id);
    out.set(n.id, { x: Math.round(p.x - p.width / 2), y: Math.round(p.y - p.height / 2) });
  }
  return out;
}
