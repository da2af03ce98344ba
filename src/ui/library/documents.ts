import type { GraphDocument } from '../../graph/schema';
import { editor, emptyDocument } from '../editor';
import { readEntry, reason, showNew, unreadableNotice } from './session';
import type { Entry, EntryMeta, EntrySource } from './store';

/*
 * What the user does with documents: open one as new, switch, rename, duplicate, delete and
 * undo. Each goes through the session's queue, so it never interleaves with an autosave.
 */

/**
 * Opens a document as a new entry and switches to it (a link, an example, a file, a new graph);
 * the document shown before is saved first and never replaced. Returns the new entry, or null
 * when it could not be added (then nothing changed). Without a library, it replaces the document
 * as one undoable step, as there is nowhere else to keep it.
 */
export function openAsNew(doc: GraphDocument, source: EntrySource): Promise<EntryMeta | null> {
  const s = editor.session;
  if (!s) {
    editor.commit('Open document', () => doc, { select: [] });
    editor.requestView(doc.view ?? null);
    return Promise.resolve(null);
  }
  return s.run(async () => {
    await s.writePending();
    try {
      const meta = await showNew(s, doc, source);
      await s.changed();
      return meta;
    } catch (e) {
      editor.notify(`“${doc.title ?? 'Untitled graph'}” could not be added to My documents (${reason(e)}); nothing changed.`, 'error');
      return null;
    }
  });
}

/** Switches to an entry of the library, saving the current document first. */
export function openEntry(id: string): Promise<boolean> {
  const s = editor.session;
  if (!s) return Promise.resolve(false);
  return s.run(async () => {
    await s.writePending();
    const got = await readEntry(s, id);
    if (!got) {
      editor.notify('That document is no longer in My documents (it was deleted in another tab).', 'error');
      await s.changed();
      return false;
    }
    if ('issues' in got) {
      unreadableNotice(got.entry.title, got.issues);
      return false;
    }
    s.show(got.entry, got.entry.text, got.doc);
    await s.changed();
    return true;
  });
}

/** Renames an entry; the open document is renamed as an undoable edit, then saved. */
export async function renameEntry(id: string, title: string): Promise<void> {
  const s = editor.session;
  if (!s) return;
  if (id === s.id) {
    editor.commit('Rename graph', (d) => void (d.title = title));
    await s.flush();
    return;
  }
  await s.run(async () => {
    await s.lib.rename(id, title);
    await s.changed();
  });
}

/** Adds a copy of an entry (of the open document, with its latest changes). */
export async function duplicateEntry(id: string): Promise<EntryMeta | null> {
  const s = editor.session;
  if (!s) return null;
  return s.run(async () => {
    await s.writePending();
    const meta = await s.lib.duplicate(id);
    await s.changed();
    if (meta) editor.notify(`Added “${meta.title}” to My documents.`);
    return meta ?? null;
  });
}

/**
 * Deletes an entry, with Undo in the notice that restores it exactly. Deleting the open document
 * switches to the most recent other one, or to a new empty graph.
 */
export async function deleteEntry(id: string): Promise<void> {
  const s = editor.session;
  if (!s) return;
  await s.run(async () => {
    await s.writePending();
    const removed = await s.lib.remove(id);
    if (!removed) return;
    const wasOpen = id === s.id;
    if (wasOpen) {
      const next = (await s.lib.list()).find((m) => m.problems === null);
      const got = next ? await readEntry(s, next.id) : null;
      if (got && 'doc' in got) s.show(got.entry, got.entry.text, got.doc);
      else await showNew(s, emptyDocument(), { kind: 'new' });
    }
    editor.set('library', { deleted: { entry: removed, wasOpen } });
    editor.notify(`Deleted “${removed.title}”.`, 'info', undefined, { label: 'Undo', run: () => void undoDelete(removed, wasOpen) });
    await s.changed();
  });
}

/** Puts the entry deleted last back, exactly, from the panel's own Undo. */
export function undoLastDelete(): Promise<void> {
  const last = editor.state.library.deleted;
  return last ? undoDelete(last.entry, last.wasOpen) : Promise.resolve();
}

async function undoDelete(entry: Entry, reopen: boolean): Promise<void> {
  const s = editor.session;
  if (!s) return;
  editor.set('library', (st) => (st.deleted?.entry.id === entry.id ? { deleted: null } : {}));
  if (editor.state.ui.notice?.action?.label === 'Undo') editor.dismissNotice();
  await s.run(async () => {
    await s.lib.restore(entry);
    await s.changed();
  });
  if (reopen) await openEntry(entry.id);
  editor.notify(`Restored “${entry.title}”.`);
}

/** The raw text of an entry, readable or not, for the Download button. */
export async function entryText(id: string): Promise<Entry | undefined> {
  return editor.session?.lib.get(id);
}
