import { firstDocument } from './examples';
import { describeBadAutosave, readAutosave } from './store/autosave';
import { emptyDocument, useEditor } from './store/editor';
import { notify } from './store/ui';

/** Loads the last autosaved document, else P1; an unreadable autosave is reported, never lost. */
export function startEditor(storage: Storage | undefined = globalThis.localStorage): void {
  const saved = readAutosave(storage);
  if (saved.kind === 'ok') {
    useEditor.getState().reset(saved.doc);
    return;
  }
  useEditor.getState().reset(firstDocument() ?? emptyDocument());
  if (saved.kind === 'bad') notify(`${describeBadAutosave(saved.issues).split('\n')[0]} Showing the P1 example instead.`, 'error', saved.issues);
}
