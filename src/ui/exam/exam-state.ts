import { blankAllBackward, blankAllForward, clearBlanks, readExam, toggleBlank, type ExamView } from '../../exam';
import type { GraphDocument } from '../../graph/schema';
import type { Editor } from '../editor/Editor';

/** The exam sheet: whether it is open and which view it shows. View state, never saved. */
export interface ExamSheetState {
  readonly open: boolean;
  readonly view: ExamView;
  /** Whether "Blank all f" blanks the inputs' values too; by default they stay given, as the question's data. */
  readonly inputsToo: boolean;
}

export const initialExamSheet = (): ExamSheetState => ({ open: false, view: 'student', inputsToo: false });

/** The exam sheet's actions; its blanks are part of the document, so changing them is an edit. */
export class ExamSheet {
  constructor(private readonly editor: Editor) {}

  open(): void {
    this.editor.set('exam', { open: true });
  }

  close(): void {
    this.editor.set('exam', { open: false });
  }

  setView(view: ExamView): void {
    this.editor.set('exam', { view });
  }

  toggleView(): void {
    this.setView(this.editor.state.exam.view === 'student' ? 'answer' : 'student');
  }

  toggleBlank(name: string): void {
    const blanked = readExam(this.editor.state.doc.present).blanks.includes(name);
    this.editBlanks(`${blanked ? 'Show' : 'Blank'} ${name}`, (doc) => toggleBlank(doc, name));
  }

  setInputsToo(inputsToo: boolean): void {
    this.editor.set('exam', { inputsToo });
  }

  blankForward(): void {
    const inputs = this.editor.state.exam.inputsToo;
    this.editBlanks('Blank all f', (doc) => blankAllForward(doc, { inputs }));
  }

  blankBackward(): void {
    this.editBlanks('Blank all b', (doc) => blankAllBackward(doc));
  }

  clearBlanks(): void {
    this.editBlanks('Clear blanks', clearBlanks);
  }

  /**
   * Changes the blanks as one undoable edit. Only `meta` is written, so the patch is small and the
   * nodes keep their identity (the evaluation and the exact forms need no rerun).
   */
  private editBlanks(label: string, change: (doc: GraphDocument) => GraphDocument): void {
    const present = this.editor.state.doc.present;
    const next = change(present);
    if (readExam(next).blanks.join() === readExam(present).blanks.join()) return;
    this.editor.commit(label, (d) => {
      if (next.meta) d.meta = next.meta;
      else delete d.meta;
    });
  }
}
