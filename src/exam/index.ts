/**
 * Exams: blanks stored in `doc.meta.exam`, the printed figure (SVG and TikZ) in a student view
 * and an answer view, and the answer key. Pure: strings in, strings out.
 */
export { answerKeyMarkdown, answerRows, type AnswerKeyOptions, type AnswerRow } from './answer-key';
export type { ExactAnswers, ExactForm } from './answers';
export {
  blankAllBackward,
  blankAllForward,
  blankName,
  blankProblem,
  clearBlanks,
  normalizeBlanks,
  parseBlank,
  readExam,
  toggleBlank,
  withBlanks,
  type Blank,
  type ExamMeta,
} from './blanks';
export { labelRect, layoutDiagram, type Diagram, type DiagramOptions, type ExamView, type Rect } from './diagram';
export { diagramSvg, examSvg, FONT_FAMILY } from './svg';
export { diagramTikz, examTikz, standaloneTikz, type TikzOptions } from './tikz';
