import { useEffect } from 'react';
import { Evaluator } from './eval/evaluator';
import { useResults } from './eval/results-store';
import { startAutosave } from './library/session';
import { listenForLinks } from './share/link';
import { useEditor } from './store/editor';
import { useUi } from './store/ui';

/** Re-evaluates the document after every change (and once at mount). */
export function useEvaluation(): void {
  useEffect(() => {
    const evaluator = new Evaluator();
    useResults.setState({ control: { stop: () => evaluator.stop(), run: () => evaluator.runNow() } });
    evaluator.run(useEditor.getState().present);
    const stop = useEditor.subscribe((s, prev) => {
      if (s.present !== prev.present) evaluator.run(s.present);
    });
    return () => {
      stop();
      evaluator.dispose();
      useResults.setState({ control: null });
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
