import { formatIssues, parseDocument, serializeDocument, type DocIssue } from '../../graph/load';
import type { GraphDocument } from '../../graph/schema';
import { useEditor } from './editor';

export const AUTOSAVE_KEY = 'backprop-studio.autosave';
/** Where an autosave that could not be read is kept, so a bad entry is never silently lost. */
export const CORRUPT_KEY = 'backprop-studio.autosave.unreadable';

export type AutosaveResult = { kind: 'none' } | { kind: 'ok'; doc: GraphDocument } | { kind: 'bad'; issues: DocIssue[] };

/** The document as saved: the current viewport goes along, so a reload looks exactly the same. */
export function documentToSave(): GraphDocument {
  const { present, viewport } = useEditor.getState();
  return viewport ? { ...present, view: { x: viewport.x, y: viewport.y, zoom: viewport.zoom } } : present;
}

export function readAutosave(storage: Storage | undefined = globalThis.localStorage): AutosaveResult {
  const text = storage?.getItem(AUTOSAVE_KEY);
  if (text === null || text === undefined) return { kind: 'none' };
  const res = parseDocument(text);
  if (res.ok) return { kind: 'ok', doc: res.doc };
  storage?.setItem(CORRUPT_KEY, text);
  return { kind: 'bad', issues: res.issues };
}

export const describeBadAutosave = (issues: readonly DocIssue[]): string =>
  `The autosaved graph could not be read (kept in localStorage as "${CORRUPT_KEY}"):\n${formatIssues(issues)}`;

/** Saves on every document or viewport change; returns the unsubscribe function. */
export function startAutosave(storage: Storage | undefined = globalThis.localStorage): () => void {
  const save = () => {
    try {
      storage?.setItem(AUTOSAVE_KEY, serializeDocument(documentToSave()));
    } catch {
      // A full or disabled storage must not break editing; the next change tries again.
    }
  };
  return useEditor.subscribe((s, prev) => {
    if (s.present !== prev.present || s.viewport !== prev.viewport) save();
  });
}
