import type { Viewport } from '@xyflow/react';
import { FORMAT, VERSION, type GraphDocument } from '../../graph/schema';
import { deriveEdges, deriveNodes, selectedIds, stable, type OpFlowNode, type ValueFlowEdge } from '../store/flow';
import type { History } from '../store/history';

export interface CommitOptions {
  /** Merge with the previous edit when it has the same key (typing in one field). */
  readonly key?: string;
  /** Select exactly these nodes afterwards (new or pasted nodes). */
  readonly select?: readonly string[];
}

/**
 * The document (saved, undoable) and the view state around it: React Flow's nodes and edges with
 * their selection and in-flight drag positions, and the viewport. Only the document enters history.
 */
export interface DocumentState extends History<GraphDocument> {
  readonly flowNodes: OpFlowNode[];
  readonly flowEdges: ValueFlowEdge[];
  readonly selectedNodes: readonly string[];
  readonly selectedEdges: readonly string[];
  readonly viewport: Viewport | null;
  /** Label of the last edit, undo or redo, for the status line. */
  readonly lastAction: string | null;
  /** Counts the documents opened (resets): panels key their text fields on it, so no typed draft outlives its document. */
  readonly opened: number;
}

export const emptyDocument = (): GraphDocument => ({ format: FORMAT, version: VERSION, title: 'Untitled graph', nodes: [], edges: [] });

export const initialDocument = (doc: GraphDocument, opened: number): DocumentState => ({
  present: doc,
  past: [],
  future: [],
  opened,
  flowNodes: deriveNodes(doc, []),
  flowEdges: deriveEdges(doc, []),
  selectedNodes: [],
  selectedEdges: [],
  viewport: doc.view ?? null,
  lastAction: null,
});

/** View state re-derived after the document changed, keeping selection where the nodes remain. */
export function withHistory(s: DocumentState, h: History<GraphDocument>, select?: readonly string[]): DocumentState {
  const flowNodes = deriveNodes(h.present, s.flowNodes, select && new Set(select));
  const flowEdges = deriveEdges(h.present, s.flowEdges, select !== undefined);
  return {
    ...s,
    ...h,
    flowNodes,
    flowEdges,
    selectedNodes: stable(s.selectedNodes, selectedIds(flowNodes)),
    selectedEdges: stable(s.selectedEdges, selectedIds(flowEdges)),
  };
}

/** Selects exactly these nodes and edges (by edgeKey). */
export function withSelection(s: DocumentState, nodes: readonly string[], edges: readonly string[]): DocumentState {
  const ns = new Set(nodes);
  const es = new Set(edges);
  const flowNodes = s.flowNodes.map((n) => (n.selected === ns.has(n.id) ? n : { ...n, selected: ns.has(n.id) }));
  const flowEdges = s.flowEdges.map((e) => (e.selected === es.has(e.id) ? e : { ...e, selected: es.has(e.id) }));
  return {
    ...s,
    flowNodes,
    flowEdges,
    selectedNodes: stable(s.selectedNodes, selectedIds(flowNodes)),
    selectedEdges: stable(s.selectedEdges, selectedIds(flowEdges)),
  };
}

/** The document as saved: the current viewport goes along, so a reload looks exactly the same. */
export function documentToSave({ present, viewport }: DocumentState): GraphDocument {
  return viewport ? { ...present, view: { x: viewport.x, y: viewport.y, zoom: viewport.zoom } } : present;
}
