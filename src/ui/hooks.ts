import { useEffect } from 'react';
import { Evaluator } from './eval/evaluator';
import { startAutosave } from './library/session';
import { listenForLinks } from './share/link';
import { useEditor } from './store/editor';
import { useUi } from './store/ui';

/** Re-evaluates the document after every change (and once at mount). */
export function useEvaluation(): void {
  useEffect(() => {
    const evaluator = new Evaluator();
    evaluator.run(useEditor.getState().present);
    const stop = useEditor.subscribe((s, prev) => {
      if (s.present !== prev.present) evaluator.run(s.present);
    });
    return () => {
      stop();
      evaluator.dispose();
    };
  }, []);
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
  const theme = useUi((s) => s.theme);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
}
