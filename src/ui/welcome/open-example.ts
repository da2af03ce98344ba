import type { Example } from '../examples';
import { openAsNew } from '../library/documents';
import { editor } from '../editor';

/** Opens an example as a new document in the library (never over the user's own), and says so. */
export function openExample(ex: Example): void {
  if (!ex.doc) return;
  void openAsNew(ex.doc, { kind: 'example', file: ex.file }).then(
    (added) => added && editor.notify(`Opened the example “${ex.title}” as a new document.`),
  );
}
