import { useMemo, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { giveaways, giveawayText, readExam } from '../../exam';
import { matchesKey } from '../keyboard';
import { Icon } from '../icons';
import { AnswerKey } from './AnswerKey';
import { ExamDiagram } from './ExamDiagram';
import { useExactForms } from './useExactForms';
import { downloadAnswerKey, downloadPng, downloadSvg, downloadTikz, type ExamFigure } from './exports';
import { useExamFigure } from './useExamFigure';
import { useDialogFocus } from './useDialogFocus';
import { editor, useEditorState } from '../editor';
import './exam.css';

/** The exam sheet, over everything else while open (and alone on the page when printed). */
export function ExamSheet() {
  const open = useEditorState((s) => s.exam.open);
  return open ? createPortal(<ExamDialog />, document.body) : null;
}

const isEditable = (t: EventTarget) =>
  t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));

/** A switches between the views; undo and redo work here too, since blank edits are undoable. */
function onSheetKey(e: KeyboardEvent): void {
  if (isEditable(e.target)) return;
  const key = e.nativeEvent;
  const action = matchesKey(key, 'a')
    ? () => editor.exam.toggleView()
    : matchesKey(key, 'mod+z')
      ? () => editor.undo()
      : matchesKey(key, 'mod+shift+z') || matchesKey(key, 'mod+y')
        ? () => editor.redo()
        : null;
  if (!action) return;
  e.preventDefault();
  action();
}

function ViewToggle() {
  const view = useEditorState((s) => s.exam.view);
  return (
    <div className="segmented exam-views" role="group" aria-label="View" aria-keyshortcuts="A" title="Switch views (A)">
      <button type="button" aria-pressed={view === 'student'} onClick={() => editor.exam.setView('student')} data-autofocus>
        Student
      </button>
      <button type="button" aria-pressed={view === 'answer'} onClick={() => editor.exam.setView('answer')}>
        Answers
      </button>
    </div>
  );
}

function Tools({ figure }: { figure: ExamFigure | null }) {
  const inputsToo = useEditorState((s) => s.exam.inputsToo);
  return (
    <div className="exam-sheet__tools">
      <div className="exam-sheet__group" role="group" aria-label="Blanks">
        <button
          type="button"
          className="button"
          onClick={() => editor.exam.blankForward()}
          title={inputsToo ? 'Blank every value, the inputs’ too' : 'Blank every computed value; the inputs stay given'}
        >
          Blank all f
        </button>
        <label className="exam-sheet__check">
          <input type="checkbox" checked={inputsToo} onChange={(e) => editor.exam.setInputsToo(e.target.checked)} />
          inputs too
        </label>
        <button type="button" className="button" onClick={() => editor.exam.blankBackward()}>
          Blank all b
        </button>
        <button type="button" className="button" onClick={() => editor.exam.clearBlanks()}>
          Clear blanks
        </button>
      </div>
      <div className="exam-sheet__group" role="group" aria-label="Export">
        <button type="button" className="button" disabled={!figure} onClick={() => figure && downloadSvg(figure)} aria-label="Download SVG">
          SVG
        </button>
        <button
          type="button"
          className="button"
          disabled={!figure}
          onClick={() => figure && void downloadPng(figure)}
          aria-label="Download PNG"
        >
          PNG
        </button>
        <button
          type="button"
          className="button"
          disabled={!figure}
          onClick={() => figure && downloadTikz(figure)}
          aria-label="Download TikZ"
        >
          TikZ
        </button>
        <button
          type="button"
          className="button"
          disabled={!figure}
          onClick={() => figure && downloadAnswerKey(figure)}
          aria-label="Download answer key"
        >
          Answer key
        </button>
        <button type="button" className="button button--primary" onClick={() => window.print()}>
          Print
        </button>
      </div>
    </div>
  );
}

/** Names the printed numbers hidden because they equal a blank or its negative, so the author knows why. */
function HiddenNote({ figure, blanks }: { figure: ExamFigure; blanks: readonly string[] }) {
  const hidden = useMemo(() => giveaways(figure.analysis, blanks).map(giveawayText), [figure.analysis, blanks]);
  if (!hidden.length) return null;
  return (
    <p className="exam-sheet__hint" role="note">
      Also hidden, as they would give a blank away: {hidden.join(', ')}.
    </p>
  );
}

function ExamDialog() {
  const view = useEditorState((s) => s.exam.view);
  const doc = useEditorState((s) => s.doc.present);
  const blanks = useMemo(() => readExam(doc).blanks, [doc]);
  const result = useExamFigure(view);
  const exact = useExactForms();
  const figure = result.ok ? result.figure : null;
  const { ref, onKeyDown } = useDialogFocus(() => editor.exam.close());
  return (
    <div className="backdrop exam-backdrop" onMouseDown={(e) => e.target === e.currentTarget && editor.exam.close()}>
      <div
        ref={ref}
        className="dialog exam-sheet"
        role="dialog"
        aria-modal="true"
        tabIndex={-1}
        aria-labelledby="exam-sheet-title"
        onKeyDown={(e) => {
          onKeyDown(e);
          if (!e.defaultPrevented) onSheetKey(e);
        }}
      >
        <div className="dialog__head exam-sheet__head">
          <h2 id="exam-sheet-title">Exam sheet</h2>
          <ViewToggle />
          <button type="button" className="tool" aria-label="Close exam sheet" onClick={() => editor.exam.close()}>
            <Icon name="close" />
          </button>
        </div>
        <Tools figure={figure} />
        <p className="exam-sheet__hint muted">
          Click a value in the figure to make it a blank, or to print it again.{' '}
          {view === 'answer' && exact.state === 'pending' && 'Working out exact forms…'}
        </p>
        {figure && <HiddenNote figure={figure} blanks={blanks} />}
        <div className="exam-sheet__scroll">
          <article className="exam-paper" aria-label="The printed sheet">
            <h1 className="exam-paper__title">{doc.title ?? 'Computational graph'}</h1>
            {doc.description && <p className="exam-paper__question">{doc.description}</p>}
            {figure ? (
              <ExamDiagram diagram={figure.diagram} svg={figure.svg} blanks={blanks} onToggle={(name) => editor.exam.toggleBlank(name)} />
            ) : (
              <p role="alert">This graph cannot be drawn: {result.ok ? '' : result.message}</p>
            )}
            {figure && view === 'answer' && <AnswerKey analysis={figure.analysis} answers={figure.answers} />}
          </article>
        </div>
      </div>
    </div>
  );
}
