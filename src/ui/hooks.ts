import { useEffect } from 'react';
import { startAutosave } from './library/session';
import { listenForLinks } from './share/link';
import { editor, useEditorState } from './editor';

/** Re-evaluates the document after every change (and once at mount). */
export function useEvaluation(): void {
  useEffect(() => editor.evaluation.start(), []);
}

/** Saves the open document into its entry of My documents, and opens links pasted into the address bar. */
export function useAutosave(): void {
  useEffect(() => {
    const stopSaving = startAutosave();
    const stopLinks = listenForLinks();
    return () => {
      stopLinks();
      stopSaving();
    };
  }, []);
}

/** Mirrors the theme onto <html data-theme> for the style sheet. */
export function useThemeAttribute(): void {
  const theme = useEditorState((s) => s.ui.theme);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
}
