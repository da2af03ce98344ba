import { closeEnough, gradeGuess } from '../format/guess';
import { formatLabel } from '../format/number';
import type { Answer, AnswerKey } from './protocol';

/** Is an answer right? The same rule as predict mode: within 1e-3 relative, or the exact form as text. */
export const isRight = (a: { readonly text: string; readonly value: number }, key: AnswerKey): boolean => {
  const g = gradeGuess(a.text, key.value, key.exact);
  return (g.kind === 'graded' && g.ok) || closeEnough(a.value, key.value);
};

export interface WrongAnswer {
  /** The value as the canvas shows it, which is how wrong answers are grouped. */
  readonly shown: string;
  readonly count: number;
}

export interface QuestionSummary {
  readonly answered: number;
  readonly right: number;
  /** Most common first; ties by value. */
  readonly wrong: readonly WrongAnswer[];
}

/** How a question went: answers, right ones, and the wrong ones grouped by their shown value. */
export function summarise(answers: readonly Answer[], key: AnswerKey | undefined): QuestionSummary {
  const right = key ? answers.filter((a) => isRight(a, key)).length : 0;
  const counts = new Map<string, number>();
  for (const a of answers) if (!key || !isRight(a, key)) counts.set(formatLabel(a.value), (counts.get(formatLabel(a.value)) ?? 0) + 1);
  const wrong = [...counts].map(([shown, count]) => ({ shown, count })).sort((x, y) => y.count - x.count || x.shown.localeCompare(y.shown));
  return { answered: answers.length, right, wrong };
}

const csvCell = (v: string | number): string => {
  const s = String(v);
  // A leading =, +, - or @ would run as a formula in a spreadsheet; a quote keeps it text.
  const safe = /^[=+\-@]/.test(s) && !Number.isFinite(Number(s)) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export interface ExportedQuestion {
  readonly id: string;
  readonly target: string;
  readonly key: AnswerKey | null;
}

/** Every answer of the session, one row each, for a spreadsheet. */
export function answersCsv(questions: readonly ExportedQuestion[], answers: readonly Answer[]): string {
  const keys = new Map(questions.map((q) => [q.id, q]));
  const rows = [['question', 'target', 'participant', 'nickname', 'answer', 'value', 'correct_value', 'right', 'answered_at']];
  for (const a of [...answers].sort((x, y) => x.at - y.at)) {
    const q = keys.get(a.qid);
    const key = q?.key ?? null;
    rows.push([
      a.qid,
      q?.target ?? '',
      a.participant,
      a.nickname,
      a.text,
      String(a.value),
      key ? String(key.value) : '',
      key ? String(isRight(a, key)) : '',
      new Date(a.at).toISOString(),
    ]);
  }
  return rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}
