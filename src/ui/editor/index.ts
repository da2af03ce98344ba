import { useStore } from 'zustand';
import { Editor } from './Editor';
import type { EditorState } from './state';

export { Editor } from './Editor';
export type { EditorState } from './state';
export { documentToSave, emptyDocument } from './document';

/** The page's editor: components, commands, the keyboard and tests all drive this one object. */
export const editor = new Editor();

/**
 * Reads part of the editor's state in a component, re-rendering only when the selected value
 * changes (Object.is). Select small values, or objects the store keeps while they do not change.
 */
export function useEditorState<T>(selector: (s: EditorState) => T): T {
  return useStore(editor.store, selector);
}
