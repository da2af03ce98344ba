import { applyEdgeChanges, applyNodeChanges, type EdgeChange, type NodeChange, type Viewport } from '@xyflow/react';
import { create } from 'zustand';
import { FORMAT, VERSION, type GraphDocument } from '../../graph/schema';
import { deriveEdges, deriveNodes, selectedIds, stable, type OpFlowNode, type ValueFlowEdge } from './flow';
import { moveNodes } from './edits';
import { record, redo, undo, type History, type Recipe } from './history';

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
export interface EditorState extends History<GraphDocument> {
  readonly flowNodes: OpFlowNode[];
  readonly flowEdges: ValueFlowEdge[];
  readonly selectedNodes: readonly string[];
  readonly selectedEdges: readonly string[];
  readonly viewport: Viewport | null;
  /** Label of the last edit, undo or redo, for the status line. */
  readonly lastAction: string | null;
  /** Counts the documents opened (resets): panels key their text fields on it, so no typed draft outlives its document. */
  readonly opened: number;
  commit(label: string, recipe: Recipe<GraphDocument>, opts?: CommitOptions): void;
  undo(): void;
  redo(): void;
  /** Starts over with a document and an empty history (start-up, tests). */
  reset(doc: GraphDocument): void;
  select(nodes: readonly string[], edges?: readonly string[]): void;
  onNodesChange(changes: NodeChange<OpFlowNode>[]): void;
  onEdgesChange(changes: EdgeChange<ValueFlowEdge>[]): void;
  setViewport(v: Viewport): void;
}

export const emptyDocument = (): GraphDocument => ({ format: FORMAT, version: VERSION, title: 'Untitled graph', nodes: [], edges: [] });

/** True between the first and the last position change of a mouse drag; arrow-key nudges merge instead. */
let dragging = false;

type Data = Omit<EditorState, 'commit' | 'undo' | 'redo' | 'reset' | 'select' | 'onNodesChange' | 'onEdgesChange' | 'setViewport'>;

/** View state re-derived after the document changed, keeping selection where the nodes remain. */
function withDoc(s: EditorState, h: History<GraphDocument>, select?: readonly string[]): Partial<Data> {
  const flowNodes = deriveNodes(h.present, s.flowNodes, select && new Set(select));
  const flowEdges = deriveEdges(h.present, s.flowEdges, select !== undefined);
  return {
    ...h,
    flowNodes,
    flowEdges,
    selectedNodes: stable(s.selectedNodes, selectedIds(flowNodes)),
    selectedEdges: stable(s.selectedEdges, selectedIds(flowEdges)),
  };
}

const initial = (doc: GraphDocument, opened = 0): Data => ({
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

export const useEditor = create<EditorState>()((set, get) => ({
  ...initial(emptyDocument()),
  commit(label, recipe, opts = {}) {
    const s = get();
    const h = record(s, label, recipe, opts.key);
    if (h === s && !opts.select) return;
    set({ ...withDoc(s, h, opts.select), lastAction: h === s ? s.lastAction : label });
  },
  undo() {
    const s = get();
    const label = s.past.at(-1)?.label;
    if (label) set({ ...withDoc(s, undo(s)), lastAction: `Undo ${label}` });
  },
  redo() {
    const s = get();
    const label = s.future.at(-1)?.label;
    if (label) set({ ...withDoc(s, redo(s)), lastAction: `Redo ${label}` });
  },
  reset(doc) {
    set(initial(doc, get().opened + 1));
  },
  select(nodes, edges = []) {
    const s = get();
    const ns = new Set(nodes);
    const es = new Set(edges);
    const flowNodes = s.flowNodes.map((n) => (n.selected === ns.has(n.id) ? n : { ...n, selected: ns.has(n.id) }));
    const flowEdges = s.flowEdges.map((e) => (e.selected === es.has(e.id) ? e : { ...e, selected: es.has(e.id) }));
    set({
      flowNodes,
      flowEdges,
      selectedNodes: stable(s.selectedNodes, selectedIds(flowNodes)),
      selectedEdges: stable(s.selectedEdges, selectedIds(flowEdges)),
    });
  },
  onNodesChange(changes) {
    const s = get();
    const flowNodes = applyNodeChanges(changes, s.flowNodes);
    const selectedNodes = changes.some((c) => c.type === 'select') ? stable(s.selectedNodes, selectedIds(flowNodes)) : s.selectedNodes;
    set({ flowNodes, selectedNodes });
    // A drag ends (and an arrow key nudges) with dragging false: only then is the move committed.
    const moved = new Map(
      changes.flatMap((c) => (c.type === 'position' && c.dragging === false && c.position ? [[c.id, c.position] as const] : [])),
    );
    const wasDragging = dragging;
    dragging = changes.some((c) => c.type === 'position' && c.dragging === true) || (dragging && moved.size === 0);
    if (moved.size === 0) return;
    const label = moved.size === 1 ? 'Move node' : `Move ${moved.size} nodes`;
    get().commit(label, moveNodes(moved), wasDragging ? {} : { key: 'nudge' });
  },
  onEdgesChange(changes) {
    const s = get();
    const flowEdges = applyEdgeChanges(changes, s.flowEdges);
    set({ flowEdges, selectedEdges: stable(s.selectedEdges, selectedIds(flowEdges)) });
  },
  setViewport(viewport) {
    set({ viewport });
  },
}));

/** The current document, outside React. */
export const currentDoc = (): GraphDocument => useEditor.getState().present;
