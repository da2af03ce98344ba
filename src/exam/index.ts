/**
 * Exams: blanks stored in `doc.meta.exam`, the printed figure (SVG and TikZ) in a student view
 * and an answer view, and the answer key. Pure: strings in, strings out.
 */
export { answerKeyMarkdown, answerRows } from './answer-key';
export type { ExactAnswers } from './answers';
export {
  blankAllBackward,
  blankAllForward,
  blankName,
  blankProblem,
  clearBlanks,
  parseBlank,
  readExam,
  toggleBlank,
  withBlanks,
} from './blanks';
export { labelRect, layoutDiagram, type Diagram, type ExamView, type Rect } from './diagram';
export { diagramSvg, examSvg } from './svg';
export { examTikz, standaloneTikz } from './tikz';
export { fairBlanks, giveaways, giveawayText, type Giveaway } from './giveaways';
