import { firstDocument } from './examples';
import { isEmbed, openLinkAtStart, startEmbed } from './share/link';
import { CORRUPT_KEY, readAutosave } from './store/autosave';
import { emptyDocument, useEditor } from './store/editor';
import { notify } from './store/ui';

/**
 * Loads the last autosaved document, else P1; an unreadable autosave is reported, never lost.
 * Then a shared link in the URL, if any, opens over it as one undoable step.
 */
export function startEditor(storage: Storage | undefined = globalThis.localStorage): void {
  if (isEmbed()) return startEmbed();
  const saved = readAutosave(storage);
  if (saved.kind === 'ok') {
    useEditor.getState().reset(saved.doc);
  } else {
    useEditor.getState().reset(firstDocument() ?? emptyDocument());
    if (saved.kind === 'bad') {
      notify(`The autosaved graph could not be read (it is kept in localStorage as "${CORRUPT_KEY}"); showing the P1 example instead.`, 'error', saved.issues);
    }
  }
  openLinkAtStart(storage);
}
