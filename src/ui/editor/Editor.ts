import {
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type Viewport,
  type XYPosition,
} from '@xyflow/react';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DocIssue } from '../../graph/load';
import type { GraphDocument } from '../../graph/schema';
import type { FlopConvention } from '../../graph/summary';
import { nodeOp } from '../../graph/functions';
import { getOp } from '../../ops/registry';
import { Evaluator } from '../eval/evaluator';
import type { WorkerFactory } from '../eval/protocol';
import { ExactRunner } from '../exam/exact-store';
import { ExamSheet } from '../exam/exam-state';
import { Explain } from '../explain/store';
import type { Session } from '../library/session';
import { Playback } from '../playback/controller';
import { Training } from '../plots/training';
import { SaliencyProbe } from '../training/saliency';
import { WorkerTraining } from '../training/trainer';
import { checkConnection } from '../store/connect';
import { addNodes, connectEdge, makeNode, moveNodes, removeItems, setOutput } from '../store/edits';
import { edgeKey, selectedIds, stable, type OpFlowNode, type ValueFlowEdge } from '../store/flow';
import { record, redo, undo, type Recipe } from '../store/history';
import { Clipboard } from './clipboard';
import { emptyDocument, initialDocument, withHistory, withSelection, type CommitOptions, type DocumentState } from './document';
import { initialState, type EditorState } from './state';
import { FLOPS_KEY, THEME_KEY, type Notice, type NoticeAction, type Theme } from './ui';

/** Half the size of a fresh node, so a node lands centred where it is dropped. */
/** Half a drawn node's size, to centre a node on a point. */
export const NODE_HALF = { x: 70, y: 32 };

type Patch<T> = Partial<T> | ((s: T) => Partial<T>);

export interface EditorOptions {
  /** Where heavy graphs are evaluated; null evaluates every graph on the main thread. Default: a module worker where there are workers. */
  readonly evalWorker?: WorkerFactory | null;
}

/**
 * The one owner of the editor's state, in the spirit of tldraw's Editor: the document and its
 * history, selection, view, playback, evaluation results, exact forms, the panels' view state and
 * the clipboard, all in one store, and every action as a method. The UI, the keyboard and the
 * tests all drive this object; React components subscribe to its store (see useEditorState), and
 * `reset` starts all of it over. Each concern keeps its code in a file of its own and is reached
 * through a member: `editor.playback.play()`, `editor.evaluation.stop()`, `editor.clipboard.copy()`.
 */
export class Editor {
  readonly store: StoreApi<EditorState>;
  readonly evaluation: Evaluator;
  readonly playback = new Playback(this);
  readonly explain = new Explain(this);
  readonly exact = new ExactRunner(this);
  readonly exam = new ExamSheet(this);
  readonly training = new Training(this);
  readonly trainer = new WorkerTraining(this);
  readonly saliency = new SaliencyProbe(this);
  readonly clipboard = new Clipboard(this);
  /**
   * The last pointer position over the canvas, for the quick-add search opened from the keyboard.
   * Not in the store: nothing renders from it, and it changes with every mouse move.
   */
  pointer: { readonly x: number; readonly y: number; readonly inside: boolean } = { x: 0, y: 0, inside: false };
  /** This tab's link to My documents, once the library is open; null when documents cannot be kept. */
  session: Session | null = null;
  /** True between the first and the last position change of a mouse drag; arrow-key nudges merge instead. */
  private dragging = false;
  private noticeId = 0;

  constructor(options: EditorOptions = {}) {
    this.store = createStore<EditorState>()(() => initialState(emptyDocument(), 0));
    this.evaluation = options.evalWorker === undefined ? new Evaluator(this) : new Evaluator(this, options.evalWorker);
    // Playback follows the document: an edit gives a new trace.
    this.subscribe((s, prev) => {
      if (s.doc.present !== prev.doc.present) this.playback.refresh();
    });
  }

  get state(): EditorState {
    return this.store.getState();
  }

  /** Changes one slice of the state. */
  set<K extends keyof EditorState>(slice: K, patch: Patch<EditorState[K]>): void {
    this.store.setState((s) => ({ [slice]: { ...s[slice], ...(typeof patch === 'function' ? patch(s[slice]) : patch) } }));
  }

  subscribe(listener: (state: EditorState, prev: EditorState) => void): () => void {
    return this.store.subscribe(listener);
  }

  /**
   * Starts everything over with a document (tests; a fresh page): every slice back to its start,
   * timers and workers stopped, the clipboard and the library session forgotten.
   */
  reset(doc: GraphDocument = emptyDocument()): void {
    this.playback.cancel();
    this.evaluation.dispose();
    this.exact.cancel();
    this.trainer.cancel();
    this.saliency.stop();
    this.clipboard.clear();
    this.session?.close();
    this.session = null;
    this.dragging = false;
    this.pointer = { x: 0, y: 0, inside: false };
    this.store.setState(initialState(doc, this.state.doc.opened + 1), true);
  }

  // The document, its history and selection.

  private setDoc(next: DocumentState): void {
    this.store.setState({ doc: next });
  }

  /** Applies an edit to the document as one undoable step. */
  commit(label: string, recipe: Recipe<GraphDocument>, opts: CommitOptions = {}): void {
    const s = this.state.doc;
    const h = record(s, label, recipe, opts.key);
    if (h === s && !opts.select) return;
    this.setDoc({ ...withHistory(s, h, opts.select), lastAction: h === s ? s.lastAction : label });
  }

  undo(): void {
    const s = this.state.doc;
    const label = s.past.at(-1)?.label;
    if (label) this.setDoc({ ...withHistory(s, undo(s)), lastAction: `Undo ${label}` });
  }

  redo(): void {
    const s = this.state.doc;
    const label = s.future.at(-1)?.label;
    if (label) this.setDoc({ ...withHistory(s, redo(s)), lastAction: `Redo ${label}` });
  }

  /** Shows a document with an empty history of its own (opening a file, an entry, a link); the view state stays. */
  open(doc: GraphDocument): void {
    this.setDoc(initialDocument(doc, this.state.doc.opened + 1));
  }

  select(nodes: readonly string[], edges: readonly string[] = []): void {
    this.setDoc(withSelection(this.state.doc, nodes, edges));
  }

  selectAll(): void {
    const { present } = this.state.doc;
    this.select(
      present.nodes.map((n) => n.id),
      present.edges.map(edgeKey),
    );
  }

  /** React Flow's node changes: selection and drag positions; a move enters history when the drag ends. */
  readonly onNodesChange = (changes: NodeChange<OpFlowNode>[]): void => {
    const s = this.state.doc;
    const flowNodes = applyNodeChanges(changes, s.flowNodes);
    const selectedNodes = changes.some((c) => c.type === 'select') ? stable(s.selectedNodes, selectedIds(flowNodes)) : s.selectedNodes;
    this.setDoc({ ...s, flowNodes, selectedNodes });
    // A drag ends (and an arrow key nudges) with dragging false: only then is the move committed.
    const moved = new Map(
      changes.flatMap((c) => (c.type === 'position' && c.dragging === false && c.position ? [[c.id, c.position] as const] : [])),
    );
    const wasDragging = this.dragging;
    this.dragging = changes.some((c) => c.type === 'position' && c.dragging === true) || (this.dragging && moved.size === 0);
    if (moved.size === 0) return;
    const label = moved.size === 1 ? 'Move node' : `Move ${moved.size} nodes`;
    this.commit(label, moveNodes(moved), wasDragging ? {} : { key: 'nudge' });
  };

  readonly onEdgesChange = (changes: EdgeChange<ValueFlowEdge>[]): void => {
    const s = this.state.doc;
    const flowEdges = applyEdgeChanges(changes, s.flowEdges);
    this.setDoc({ ...s, flowEdges, selectedEdges: stable(s.selectedEdges, selectedIds(flowEdges)) });
  };

  readonly setViewport = (viewport: Viewport): void => {
    this.set('doc', { viewport });
  };

  // Edits with a message.

  /** How a node is named in messages: its label (f3) and op, e.g. "f3 (Multiply)". */
  nodeName(id: string): string {
    const node = this.state.doc.present.nodes.find((n) => n.id === id);
    const label = this.state.results.byId.get(id)?.label ?? id;
    const title = node ? nodeOp(node, this.state.doc.present.functions)?.title : undefined;
    return title ? `${label} (${title})` : label;
  }

  /** Adds a node of an op centred at a canvas position, nudged off any node already there; selects it. */
  addNode(type: string, centre: XYPosition): string {
    const doc = this.state.doc.present;
    const at = { x: centre.x - NODE_HALF.x, y: centre.y - NODE_HALF.y };
    while (doc.nodes.some((n) => Math.abs(n.position.x - at.x) < 8 && Math.abs(n.position.y - at.y) < 8)) {
      at.x += 24;
      at.y += 24;
    }
    const node = makeNode(doc, type, at);
    this.commit(`Add ${getOp(type)?.title ?? type}`, addNodes([node]), { select: [node.id] });
    return node.id;
  }

  deleteSelection(): void {
    const { selectedNodes, selectedEdges } = this.state.doc;
    if (selectedNodes.length === 0 && selectedEdges.length === 0) return;
    const count = selectedNodes.length + selectedEdges.length;
    this.commit(count === 1 ? 'Delete' : `Delete ${count} items`, removeItems(new Set(selectedNodes), new Set(selectedEdges)), {
      select: [],
    });
  }

  /**
   * Checks and adds an edge; a refusal is announced with its reason. `allowReplace` is for choosing
   * an input's source explicitly (the inspector): a drag onto an occupied input is refused.
   */
  connect(c: Connection, allowReplace = false): void {
    if (!c.targetHandle) return;
    const edge = { source: c.source, target: c.target, port: c.targetHandle };
    const name = (id: string) => this.nodeName(id);
    const check = checkConnection(this.state.doc.present, edge, name, allowReplace);
    if (!check.ok) {
      this.notify(`Connection refused: ${check.reason}.`, 'error');
      return;
    }
    this.commit(`Connect ${edge.source} → ${edge.target}.${edge.port}`, connectEdge(edge));
    if (check.replaces)
      this.notify(`Replaced the edge from ${name(check.replaces.source)} into input "${edge.port}" of ${name(edge.target)}.`);
  }

  setAsOutput(id: string): void {
    this.commit('Set output', setOutput(id));
    this.notify(`${this.nodeName(id)} is now the output: gradients are taken with respect to it.`);
  }

  // Messages, theme and view requests.

  notify(text: string, kind: Notice['kind'] = 'info', issues?: readonly DocIssue[], action?: NoticeAction): void {
    this.set('ui', { notice: { id: ++this.noticeId, kind, text, issues, action } });
  }

  dismissNotice(): void {
    this.set('ui', { notice: null });
  }

  /** Asks the canvas to show a viewport, or to fit the view when null (after opening a document). */
  requestView(view: Viewport | null = null): void {
    this.set('ui', (s) => ({ viewRequest: { seq: s.viewRequest.seq + 1, view } }));
  }

  setTheme(theme: Theme): void {
    globalThis.localStorage?.setItem(THEME_KEY, theme);
    this.set('ui', { theme });
  }

  setFlops(flops: FlopConvention): void {
    globalThis.localStorage?.setItem(FLOPS_KEY, flops);
    this.set('ui', { flops });
  }
}
