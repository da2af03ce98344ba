import { useId, useState } from 'react';
import { playableResult } from './playable';
import { stepName } from './timeline';
import { editor, useEditorState } from '../editor';

/** The session's score: predictions right, of those made. */
function Score() {
  const score = useEditorState((s) => s.playback.score);
  return (
    <span className="playback__score" data-testid="playback-score" aria-label={`Score: ${score.correct} right of ${score.attempted}`}>
      {score.correct} / {score.attempted} right
    </span>
  );
}

function VerdictNote() {
  const verdict = useEditorState((s) => s.playback.verdict);
  if (!verdict) return null;
  return (
    <span className={`predict__verdict predict__verdict--${verdict.ok ? 'right' : 'wrong'}`} data-testid="predict-verdict">
      {verdict.ok
        ? `✓ Right: ${verdict.name} = ${verdict.answer}`
        : `✗ Not quite: ${verdict.name} = ${verdict.answer}, not ${verdict.guess}`}
    </span>
  );
}

/** What the next step computes, when it is a number the learner can predict. */
function useNextStep(): { name: string; predictable: boolean; pending?: true } | null {
  const step = useEditorState((s) => s.playback.step);
  const doc = useEditorState((s) => s.doc.present);
  const stream = useEditorState((s) => s.traceStream);
  // A streamed trace counts too: the worker sends every number whole.
  const { playable } = playableResult(doc, stream);
  if (!playable || step >= (playable.stream?.expected ?? playable.trace.length)) return null;
  if (step >= playable.trace.length) return { name: `Step ${step + 1}`, predictable: false, pending: true };
  const next = playable.trace.at(step);
  const value = next.kind === 'forward' ? next.value : next.grad;
  return { name: stepName(playable.timeline, step, playable.plan.labels), predictable: typeof value === 'number' };
}

/** Predict mode: type the next step's value before it runs; right within 1e-3, or the exact form. */
export function PredictField() {
  const next = useNextStep();
  const awaiting = useEditorState((s) => s.playback.awaiting);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();
  if (!next) {
    return (
      <div className="predict">
        <Score />
        <span className="muted">Every step has run.</span>
        <VerdictNote />
      </div>
    );
  }
  const onSubmit = (e: React.FormEvent) => {
    e.preventDefault();
    const res = editor.playback.submitGuess(text);
    if (res === 'unreadable') {
      setProblem('enter a number, or the exact form such as -6 ln 2');
      return;
    }
    setProblem(null);
    setText('');
  };
  return (
    <form className="predict" onSubmit={onSubmit} aria-label="Predict the next value">
      <Score />
      {next.predictable ? (
        <>
          <label htmlFor={id} className="predict__label">
            {awaiting ? 'Your prediction: ' : 'Predict '}
            <b>{next.name}</b> =
          </label>
          <input
            id={id}
            className="field__input field__input--number predict__input"
            value={text}
            onChange={(e) => setText(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            inputMode="decimal"
            aria-invalid={problem !== null}
            aria-describedby={problem ? `${id}-problem` : undefined}
          />
          <button type="submit" className="button button--primary">
            Check
          </button>
          {problem && (
            <span id={`${id}-problem`} className="field__error">
              {problem}
            </span>
          )}
        </>
      ) : (
        <span className="muted">
          {next.pending ? `${next.name} is still being computed.` : `${next.name} is a tensor: step on to see it.`}
        </span>
      )}
      {awaiting && (
        <button type="button" className="button" onClick={() => editor.playback.revealNext()}>
          Reveal {next.name}
        </button>
      )}
      <VerdictNote />
    </form>
  );
}
