import { memo, useMemo } from 'react';
import type { Analysis } from '../../graph/analyze';
import { answerRows, type ExactAnswers } from '../../exam';

/** The key's text uses ASCII for Markdown and CAS; the printed table uses true minus signs, as the figure does. */
const minus = (text: string): string => text.replace(/-/g, '\u2212');

/** The answer key as a table: each blank (every f and b when there are none), exact and decimal. */
export const AnswerKey = memo(function AnswerKey({ analysis, answers }: { analysis: Analysis; answers: ExactAnswers | undefined }) {
  const rows = useMemo(() => answerRows(analysis, { answers }), [analysis, answers]);
  return (
    <table className="exam-key" data-testid="answer-key">
      <caption>Answer key</caption>
      <thead>
        <tr>
          <th scope="col">blank</th>
          <th scope="col">exact</th>
          <th scope="col">decimal</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.label}</th>
            <td>{minus(r.exact)}</td>
            <td>{minus(r.decimal)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
});
