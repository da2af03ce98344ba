import { useId, useState } from 'react';
import { formatCode } from '../../classroom/protocol';
import { formatLabel } from '../../format/number';
import { READABLE_FIT } from '../canvas/default-fit';
import { StepInView } from '../canvas/StepInView';
import { LabelScale } from '../canvas/LabelScale';
import { ViewRequests } from '../canvas/ViewRequests';
import { ReadOnlyGraph } from '../canvas/ReadOnlyGraph';
import { useEditorState } from '../editor';
import { useEvaluation, useThemeAttribute } from '../hooks';
import { Notices } from '../panels/Notices';
import { joinClass, sendAnswer } from './actions';
import { Scoreboard } from './Scoreboard';
import { joinCodeOf } from './endpoint';
import './classroom.css';

function JoinForm() {
  const [code, setCode] = useState(joinCodeOf() ?? '');
  const [nickname, setNickname] = useState('');
  const status = useEditorState((s) => s.classroom.status);
  const problem = useEditorState((s) => s.classroom.problem);
  return (
    <form
      className="class-joinform"
      aria-label="Join the class"
      onSubmit={(e) => {
        e.preventDefault();
        void joinClass(code, nickname);
      }}
    >
      <h1>Join the class</h1>
      <label className="field">
        <span>Code</span>
        <input className="field__input" value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" spellCheck={false} />
      </label>
      <label className="field">
        <span>Nickname (optional: leave empty to stay anonymous)</span>
        <input
          className="field__input"
          value={nickname}
          onChange={(e) => setNickname(e.target.value)}
          maxLength={24}
          autoComplete="nickname"
        />
      </label>
      <button type="submit" className="button button--primary" disabled={status === 'connecting'}>
        Join
      </button>
      {problem && (
        <p className="field__error" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}

function AnswerBox() {
  const q = useEditorState((s) => s.classroom.question);
  const own = useEditorState((s) => s.classroom.own);
  const problem = useEditorState((s) => s.classroom.answerProblem);
  const ended = useEditorState((s) => s.classroom.status === 'ended');
  const student = useEditorState((s) => s.classroom.student);
  const [text, setText] = useState('');
  const id = useId();
  const verdict = student && q ? student.verdict(q) : null;
  return (
    <section className="class-answer" aria-label="Your prediction" aria-live="polite">
      {ended && <p className="class-answer__note">The instructor has ended the session. Thank you!</p>}
      {!ended && !q && <p className="class-answer__note">Watch the graph: the instructor will ask you to predict a value.</p>}
      {q && q.status === 'open' && !own && (
        <form
          className="class-answer__form"
          onSubmit={(e) => {
            e.preventDefault();
            void sendAnswer(text);
          }}
        >
          <label htmlFor={id} className="class-answer__label">
            Predict <b>{q.target}</b> =
          </label>
          <input
            id={id}
            className="field__input"
            value={text}
            onChange={(e) => setText(e.target.value)}
            inputMode="decimal"
            autoComplete="off"
            spellCheck={false}
            placeholder="-6 ln 2, or a number"
            data-testid="class-answer-input"
          />
          <button type="submit" className="button button--primary">
            Send
          </button>
        </form>
      )}
      {q && own && (
        <p className="class-answer__note" data-testid="class-own">
          Your answer to <b>{q.target}</b>: {own.text}
          {q.status === 'open' ? ' (sent; wait for the reveal)' : ''}
        </p>
      )}
      {q?.revealed && (
        <p className={`class-answer__verdict class-answer__verdict--${verdict ?? 'none'}`} data-testid="class-verdict">
          {q.target} = {formatLabel(q.revealed.value)}
          {q.revealed.exact ? ` (${q.revealed.exact.text})` : ''}.{' '}
          {verdict === 'right' ? '✓ You were right!' : verdict === 'wrong' ? '✗ Not this time.' : ''}
        </p>
      )}
      {problem && (
        <p className="field__error" role="alert">
          {problem}
        </p>
      )}
      <Scoreboard />
    </section>
  );
}

/** What a student sees: the instructor's graph, following their playback, read-only, and the answer box. */
export function StudentView() {
  const joined = useEditorState((s) => s.classroom.student !== null);
  const code = useEditorState((s) => s.classroom.code);
  useEvaluation();
  useThemeAttribute();
  if (!joined) return <JoinForm />;
  return (
    <div className="class-student">
      <header className="class-student__head">
        <span className="brand__mark" aria-hidden="true">
          ∂
        </span>{' '}
        Class {code && formatCode(code)}
      </header>
      <ReadOnlyGraph label="The instructor's graph (read-only)" className="class-student__canvas" fit={READABLE_FIT}>
        <StepInView />
        <LabelScale />
        <ViewRequests />
      </ReadOnlyGraph>
      <AnswerBox />
      <Notices />
    </div>
  );
}
