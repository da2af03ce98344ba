import { fixtureProblemText, makeExpected, withExpected } from '../graph/expected';
import { parseDocument, serializeDocument } from '../graph/load';
import { FORMAT, VERSION, type GraphDocument } from '../graph/schema';
import { openAsNew } from './library/documents';
import { documentToSave } from './store/autosave';
import { currentDoc, emptyDocument, useEditor } from './store/editor';
import { addNodes, remapFragment } from './store/edits';
import { notify, requestView } from './store/ui';

/** Replaces the document as one undoable edit and shows it (its saved viewport, else fitted). */
export function replaceDocument(doc: GraphDocument, label: string): void {
  useEditor.getState().commit(label, () => doc, { select: [] });
  requestView(doc.view ?? null);
}

/** Opens a document from text as a new entry of My documents; on any problem nothing changes. */
export async function openText(text: string, name: string): Promise<boolean> {
  const res = parseDocument(text);
  if (!res.ok) {
    notify(`Could not open "${name}"; the current graph is unchanged.`, 'error', res.issues);
    return false;
  }
  if (!(await openAsNew(res.doc, { kind: 'file', name }))) return false;
  notify(`Opened ${res.doc.title ?? name} as a new document.`);
  return true;
}

export async function openFile(file: File): Promise<boolean> {
  return openText(await file.text(), file.name);
}

/** Starts a new empty graph as a new entry; the one open before is kept as it is. */
export async function newDocument(): Promise<void> {
  if (await openAsNew(emptyDocument(), { kind: 'new' })) notify('New graph. Drag an op from the palette, or press A to add one.');
}

/** A file name from a title: "P1. Backprop" → "p1-backprop.json". */
export const fileNameFor = (title: string | undefined): string =>
  `${
    (title ?? 'graph')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'graph'
  }.json`;

/** Has the browser download a text as a file. */
export function downloadText(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Downloads the document, viewport included, as pretty JSON. */
export function downloadDocument(): void {
  const doc = documentToSave();
  const name = fileNameFor(doc.title);
  downloadText(serializeDocument(doc), name);
  notify(`Saved ${name}.`);
}

/**
 * Downloads the document with a fresh expected block (every value, gradient and shape), a fixture
 * that `backprop check` passes; the open document is left as it is.
 */
export function downloadFixture(): void {
  const doc = documentToSave();
  const res = makeExpected(doc);
  if (!res.ok) {
    const issues = res.problems.map((p) => ({ path: p.code === 'node' ? `nodes.${p.id}` : 'expected', message: fixtureProblemText(p) }));
    notify('Cannot save as fixture: a fixture needs every node to have a value. Nothing was saved.', 'error', issues);
    return;
  }
  const name = fileNameFor(doc.title).replace(/\.json$/, '-fixture.json');
  downloadText(serializeDocument(withExpected(doc, res.expected)), name);
  const what = res.shapesOnly ? 'the shape of every node (too large to evaluate)' : 'every value, gradient and shape';
  notify(`Saved ${name}, with ${what} as its expected answers.`);
}

/** The selected nodes and the edges between them, as a document of their own. */
function selectionFragment(): GraphDocument | null {
  const { present, selectedNodes } = useEditor.getState();
  if (selectedNodes.length === 0) return null;
  const ids = new Set(selectedNodes);
  return {
    format: FORMAT,
    version: VERSION,
    nodes: present.nodes.filter((n) => ids.has(n.id)),
    edges: present.edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
  };
}

let memoryClipboard: string | null = null;
let lastPasted: { text: string; times: number } | null = null;

function insertFragment(fragment: GraphDocument, label: string, times: number): void {
  const { nodes, edges } = remapFragment(currentDoc(), fragment, { x: 40 * times, y: 40 * times });
  useEditor.getState().commit(label, addNodes(nodes, edges), { select: nodes.map((n) => n.id) });
}

export function copySelection(): void {
  const fragment = selectionFragment();
  if (!fragment) {
    notify('Select one or more nodes to copy.');
    return;
  }
  const text = serializeDocument(fragment);
  memoryClipboard = text;
  lastPasted = null;
  navigator.clipboard?.writeText(text).catch(() => undefined);
  notify(`Copied ${fragment.nodes.length} node${fragment.nodes.length === 1 ? '' : 's'}.`);
}

/** Pastes nodes from text (the system clipboard's or ours); a bad fragment changes nothing. */
export function pasteText(text: string): boolean {
  const res = parseDocument(text);
  if (!res.ok) {
    notify('Paste failed: the clipboard does not hold a Backprop Studio graph; nothing changed.', 'error', res.issues);
    return false;
  }
  const times = lastPasted?.text === text ? lastPasted.times + 1 : 1;
  lastPasted = { text, times };
  insertFragment(res.doc, `Paste ${res.doc.nodes.length} node${res.doc.nodes.length === 1 ? '' : 's'}`, times);
  return true;
}

/** Reads the system clipboard when the browser allows it (briefly), else our own copy. */
async function readClipboard(): Promise<string | null> {
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 400));
  const read = navigator.clipboard?.readText().catch(() => null) ?? Promise.resolve(null);
  const text = await Promise.race([read, timeout]);
  return text && text.trim() !== '' ? text : memoryClipboard;
}

export async function paste(): Promise<void> {
  const text = await readClipboard();
  if (text === null) notify('Nothing to paste: copy some nodes first.');
  else pasteText(text);
}

export function duplicateSelection(): void {
  const fragment = selectionFragment();
  if (!fragment) notify('Select one or more nodes to duplicate.');
  else insertFragment(fragment, `Duplicate ${fragment.nodes.length} node${fragment.nodes.length === 1 ? '' : 's'}`, 1);
}
