import { useMemo } from 'react';
import { analyze } from '../../graph/analyze';
import { diagramSvg, layoutDiagram, type ExamView } from '../../exam';
import { useExactForms } from './useExactForms';
import type { ExamFigure } from './exports';
import { useEditorState } from '../editor';

export type FigureResult = { readonly ok: true; readonly figure: ExamFigure } | { readonly ok: false; readonly message: string };

/**
 * The current document as an exam figure in one view: analysed once per document, laid out once
 * per view, with exact forms in the answers once they have been worked out.
 */
export function useExamFigure(view: ExamView): FigureResult {
  const doc = useEditorState((s) => s.doc.present);
  const exact = useExactForms();
  const analysis = useMemo(() => {
    try {
      return analyze(doc);
    } catch (e) {
      return e as Error;
    }
  }, [doc]);
  const answers = exact.state === 'ready' ? exact.forms : undefined;
  return useMemo(() => {
    if (analysis instanceof Error) return { ok: false, message: analysis.message };
    const diagram = layoutDiagram(analysis, { view, answers });
    return { ok: true, figure: { analysis, diagram, svg: diagramSvg(diagram), answers } };
  }, [analysis, view, answers]);
}
