import dagre from '@dagrejs/dagre';
import { layoutDocument } from '../../graph/layout';
import type { GraphDocument } from '../../graph/schema';

export interface Size {
  readonly width: number;
  readonly height: number;
}

type Point = { x: number; y: number };

const FALLBACK: Size = { width: 150, height: 70 };
const NODE_GAP = 36;
/**
 * Left-to-right positions (top-left corners) from dagre, using the sizes nodes were drawn at. The
 * gap between ranks leaves room for the value and gradient labels on the edges. Dagre puts an
 * input next to its first consumer; the inputs are then lined up in the first column, as the
 * exams draw them, keeping their order and spread apart where they would overlap.
 */
export function dagrePositions(doc: GraphDocument, sizes: ReadonlyMap<string, Size>): Map<string, Point> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: NODE_GAP, ranksep: 120, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  const size = (id: string) => sizes.get(id) ?? FALLBACK;
  for (const n of doc.nodes) g.setNode(n.id, { ...size(n.id) });
  for (const e of doc.edges) g.setEdge(e.source, e.target);
  dagre.layout(g);
  const out = new Map<string, Point>();
  for (const n of doc.nodes) {
    const p = g.node(n.id);
    out.set(n.id, { x: Math.round(p.x - p.width / 2), y: Math.round(p.y - p.height / 2) });
  }
  alignInputs(doc, out, size);
  return out;
}

/**
 * Dagre recurses along paths (a 2,000-node chain overflows the call stack) and takes seconds for
 * a few hundred nodes; above this many nodes the engine's iterative layered layout is used.
 */
export const DAGRE_MAX_NODES = 300;

/** Auto-layout positions: dagre's, with the drawn sizes, for a graph it handles well; else the layered layout. */
export function autoPositions(doc: GraphDocument, sizes: ReadonlyMap<string, Size>): Map<string, Point> {
  if (doc.nodes.length <= DAGRE_MAX_NODES) return dagrePositions(doc, sizes);
  return new Map(layoutDocument(doc).nodes.map((n) => [n.id, n.position]));
}

function alignInputs(doc: GraphDocument, pos: Map<string, Point>, size: (id: string) => Size): void {
  const fed = new Set(doc.edges.map((e) => e.target));
  let left = Infinity;
  for (const p of pos.values()) left = Math.min(left, p.x);
  for (const n of doc.nodes) if (n.op === 'input' && !fed.has(n.id)) (pos.get(n.id) as Point).x = left;
  const column = [...pos].filter(([, p]) => p.x === left).sort(([, a], [, b]) => a.y - b.y);
  let bottom = -Infinity;
  for (const [id, p] of column) {
    p.y = Math.max(p.y, bottom + NODE_GAP);
    bottom = p.y + size(id).height;
  }
}
