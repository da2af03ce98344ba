import { fixtureProblemText, makeExpected, withExpected } from '../graph/expected';
import { parseDocument, serializeDocument } from '../graph/load';
import type { GraphDocument } from '../graph/schema';
import { openAsNew } from './library/documents';
import { documentToSave, editor, emptyDocument } from './editor';

/** Replaces the document as one undoable edit and shows it (its saved viewport, else fitted). */
export function replaceDocument(doc: GraphDocument, label: string): void {
  editor.commit(label, () => doc, { select: [] });
  editor.requestView(doc.view ?? null);
}

/** Opens a document from text as a new entry of My documents; on any problem nothing changes. */
export async function openText(text: string, name: string): Promise<boolean> {
  const res = parseDocument(text);
  if (!res.ok) {
    editor.notify(`Could not open "${name}"; the current graph is unchanged.`, 'error', res.issues);
    return false;
  }
  if (!(await openAsNew(res.doc, { kind: 'file', name }))) return false;
  editor.notify(`Opened ${res.doc.title ?? name} as a new document.`);
  return true;
}

export async function openFile(file: File): Promise<boolean> {
  return openText(await file.text(), file.name);
}

/** Starts a new empty graph as a new entry; the one open before is kept as it is. */
export async function newDocument(): Promise<void> {
  if (await openAsNew(emptyDocument(), { kind: 'new' })) editor.notify('New graph. Drag an op from the palette, or press A to add one.');
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
  const doc = documentToSave(editor.state.doc);
  const name = fileNameFor(doc.title);
  downloadText(serializeDocument(doc), name);
  editor.notify(`Saved ${name}.`);
}

/**
 * Downloads the document with a fresh expected block (every value, gradient and shape), a fixture
 * that `backprop check` passes; the open document is left as it is.
 */
export function downloadFixture(): void {
  const doc = documentToSave(editor.state.doc);
  const res = makeExpected(doc);
  if (!res.ok) {
    const issues = res.problems.map((p) => ({ path: p.code === 'node' ? `nodes.${p.id}` : 'expected', message: fixtureProblemText(p) }));
    editor.notify('Cannot save as fixture: a fixture needs every node to have a value. Nothing was saved.', 'error', issues);
    return;
  }
  const name = fileNameFor(doc.title).replace(/\.json$/, '-fixture.json');
  downloadText(serializeDocument(withExpected(doc, res.expected)), name);
  const what = res.shapesOnly ? 'the shape of every node (too large to evaluate)' : 'every value, gradient and shape';
  editor.notify(`Saved ${name}, with ${what} as its expected answers.`);
}
