import type { FocusEvent } from 'react';
import { editor } from '../editor';

/**
 * A node reached with the keyboard (Tab, a skip link, a quick-add) becomes the selection, so the
 * arrow keys move it at once (React Flow moves selected nodes only) and the inspector shows it.
 * A click already selects, and must not undo a Ctrl-click multiple selection: only keyboard focus counts.
 */
export function selectOnKeyboardFocus(e: FocusEvent<HTMLElement>): void {
  const el = e.target;
  if (!el.classList.contains('react-flow__node') || !el.matches(':focus-visible')) return;
  const id = el.dataset.id;
  if (id && !editor.state.doc.selectedNodes.includes(id)) editor.select([id]);
}
