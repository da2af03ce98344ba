import { parseDocument, serializeDocument, type DocIssue } from '../../graph/load';
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

/** How long the autosave waits for typing to pause; leaving the page saves at once. */
export const AUTOSAVE_DELAY_MS = 250;

/**
 * Saves after every document or viewport change (a burst of keystrokes is written once, when it
 * pauses) and immediately when the page is hidden or unloaded, so a reload restores exactly.
 * Returns the function that stops it, flushing what is pending.
 */
export function startAutosave(storage: Storage | undefined = globalThis.localStorage): () => void {
  let pending = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(timer);
    if (!pending) return;
    pending = false;
    try {
      storage?.setItem(AUTOSAVE_KEY, serializeDocument(documentToSave()));
    } catch {
      // A full or disabled storage must not break editing; the next change tries again.
    }
  };
  const stop = useEditor.subscribe((s, prev) => {
    if (s.present === prev.present && s.viewport === prev.viewport) return;
    pending = true;
    clearTimeout(timer);
    timer = setTimeout(flush, AUTOSAVE_DELAY_MS);
  });
  const onHide = () => {
    if (document.visibilityState === 'hidden') flush();
  };
  window.addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', onHide);
  return () => {
    stop();
    flush();
    window.removeEventListener('pagehide', flush);
    document.removeEventListener('visibilitychange', onHide);
  };
}
