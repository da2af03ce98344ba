import { create } from 'zustand';
import { blankAllBackward, blankAllForward, clearBlanks, readExam, toggleBlank, type ExamView } from '../../exam';
import type { GraphDocument } from '../../graph/schema';
import { useEditor } from '../store/editor';

/** The exam sheet: whether it is open and which view it shows. View state, never saved. */
export const useExamSheet = create<{ readonly open: boolean; readonly view: ExamView }>()(() => ({ open: false, view: 'student' }));

export const openExamSheet = (): void => useExamSheet.setState({ open: true });
export const closeExamSheet = (): void => useExamSheet.setState({ open: false });
export const setExamView = (view: ExamView): void => useExamSheet.setState({ view });
export const toggleExamView = (): void => useExamSheet.setState((s) => ({ view: s.view === 'student' ? 'answer' : 'student' }));

/**
 * Changes the blanks as one undoable edit. Only `meta` is written, so the patch is small and the
 * nodes keep their identity (the evaluation and the exact forms need no rerun).
 */
function editBlanks(label: string, change: (doc: GraphDocument) => GraphDocument): void {
  const { present, commit } = useEditor.getState();
  const next = change(present);
  if (readExam(next).blanks.join() === readExam(present).blanks.join()) return;
  commit(label, (d) => {
    if (next.meta) d.meta = next.meta;
    else delete d.meta;
  });
}

export function toggleExamBlank(name: string): void {
  const blanked = readExam(useEditor.getState().present).blanks.includes(name);
  editBlanks(`${blanked ? 'Show' : 'Blank'} ${name}`, (doc) => toggleBlank(doc, name));
}

export const blankForward = (): void => editBlanks('Blank all f', blankAllForward);
export const blankBackward = (): void => editBlanks('Blank all b', (doc) => blankAllBackward(doc));
export const clearExamBlanks = (): void => editBlanks('Clear blanks', clearBlanks);
