import { formatCode } from '../../classroom/protocol';
import { formatLabel } from '../../format/number';
import { useEditorState } from '../editor';
import { Icon } from '../icons';
import { useEffect } from 'react';
import { askNext, endClassSession, resumeClassSession, exportAnswers, revealAnswer, setClassPanelOpen, showScoreboard } from './actions';
import { Scoreboard } from './Scoreboard';
import { Histogram } from './Histogram';
import { QrCode } from './QrCode';
import './classroom.css';

function JoinCard() {
  const code = useEditorState((s) => s.classroom.code);
  const link = useEditorState((s) => s.classroom.link);
  if (!code || !link) return null;
  return (
    <section className="class-join" aria-label="How to join">
      <div>
        <p className="class-join__hint">Join at</p>
        <a className="class-join__link" href={link} target="_blank" rel="noopener noreferrer" data-testid="class-link">
          {link}
        </a>
        <p className="class-join__hint">with the code</p>
        <p className="class-join__code" data-testid="class-code">
          {formatCode(code)}
        </p>
      </div>
      <QrCode text={link} />
    </section>
  );
}

function QuestionCard() {
  const q = useEditorState((s) => s.classroom.question);
  const values = useEditorState((s) => s.classroom.values);
  const key = useEditorState((s) => s.classroom.key);
  const summary = useEditorState((s) => s.classroom.summary);
  const board = useEditorState((s) => s.classroom.scoreboard);
  const ended = useEditorState((s) => s.classroom.status === 'ended');
  const students = useEditorState((s) => s.classroom.students);
  const share = summary && summary.answered > 0 ? Math.round((100 * summary.right) / summary.answered) : 0;
  return (
    <section className="class-question" aria-label="Question">
      <div className="class-question__actions">
        <button type="button" className="button button--primary" onClick={() => askNext()} disabled={ended || q?.status === 'open'}>
          Ask the next value
        </button>
        <button type="button" className="button" onClick={revealAnswer} disabled={q?.status !== 'open'}>
          Reveal
        </button>
      </div>
      <p className="class-question__count" data-testid="class-students">
        {students} {students === 1 ? 'student' : 'students'} connected{q ? `, ${summary?.answered ?? 0} answered` : ''}
      </p>
      {q && (
        <>
          <h3 className="class-question__title">
            Predict <b>{q.target}</b> {q.status === 'revealed' && key ? <>= {formatLabel(key.value)}</> : null}
          </h3>
          <p className="class-question__share" data-testid="class-share">
            {summary?.right ?? 0} / {summary?.answered ?? 0} right ({share}%)
          </p>
          <Histogram values={values} answerKey={key} />
          {summary && summary.wrong.length > 0 && (
            <p className="class-question__wrong" data-testid="class-wrong">
              Most common wrong answers:{' '}
              {summary.wrong
                .slice(0, 3)
                .map((w) => `${w.shown} (${w.count})`)
                .join(', ')}
            </p>
          )}
        </>
      )}
      <div className="class-question__actions">
        <label className="class-toggle">
          <input type="checkbox" checked={board !== null} onChange={(e) => showScoreboard(e.target.checked)} /> Show scoreboard to the class
        </label>
        <button type="button" className="button" onClick={() => exportAnswers('csv')}>
          Export CSV
        </button>
        <button type="button" className="button" onClick={() => exportAnswers('json')}>
          Export JSON
        </button>
        <button type="button" className="button" onClick={endClassSession} disabled={ended}>
          End session
        </button>
      </div>
      <Scoreboard />
    </section>
  );
}

/** The instructor's class session: the join code to project, the question, its live answers. */
export function ClassroomPanel() {
  const open = useEditorState((s) => s.classroom.role === 'instructor' && s.classroom.panelOpen);
  const status = useEditorState((s) => s.classroom.status);
  const problem = useEditorState((s) => s.classroom.problem);
  useEffect(() => void resumeClassSession(), []);
  if (!open) return null;
  return (
    <aside className="class-panel" aria-label="Class session" data-testid="class-panel">
      <div className="class-panel__head">
        <h2>Class session{status === 'ended' ? ' (ended)' : ''}</h2>
        <button type="button" className="tool" aria-label="Hide the class session" onClick={() => setClassPanelOpen(false)}>
          <Icon name="close" />
        </button>
      </div>
      {status === 'connecting' && <p className="muted">Starting…</p>}
      {status === 'error' && (
        <p className="field__error" role="alert">
          {problem}
        </p>
      )}
      {(status === 'live' || status === 'ended') && (
        <>
          <JoinCard />
          <QuestionCard />
        </>
      )}
    </aside>
  );
}
