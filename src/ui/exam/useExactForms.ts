import { useEffect } from 'react';
import { editor, useEditorState } from '../editor';
import { exactFor, type ExactResult } from './exact-store';

/**
 * Exact forms of the current document, loading mathjs on first use. Until they are worked out for
 * this document (after an edit, say) the result is pending, so stale forms are never shown.
 */
export function useExactForms(): ExactResult {
  useEffect(() => editor.exact.watch(), []);
  const present = useEditorState((s) => s.doc.present);
  const exact = useEditorState((s) => s.exact);
  return exactFor(exact, present);
}
