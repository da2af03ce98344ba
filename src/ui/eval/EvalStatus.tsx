import { useEffect, useState } from 'react';
import { formatSeconds } from '../../format/duration';
import { editor, useEditorState } from '../editor';
import './eval.css';

/** A wait shorter than this shows no Stop: most heavy evaluations end before anyone could press it. */
export const STOP_AFTER_MS = 300;

/** Re-renders every tenth of a second while `since` is set; the time elapsed since then. */
function useElapsed(since: number | null): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (since === null) return;
    const t = setInterval(() => setNow(performance.now()), 100);
    return () => clearInterval(t);
  }, [since]);
  return since === null ? 0 : Math.max(0, now - since);
}

/**
 * What the evaluation is doing, in the header: a long one shows its elapsed time and a Stop
 * button; a stopped one says so and offers Run. Nothing is shown when the results are current.
 */
export function EvalStatus() {
  const busySince = useEditorState((s) => (s.results.busy ? s.results.busySince : null));
  const stopped = useEditorState((s) => s.results.stopped);
  const elapsed = useElapsed(busySince);
  if (stopped) {
    return (
      <div className="eval-status eval-status--stopped" data-testid="eval-progress">
        <span role="status">Evaluation stopped; edit or press Run to evaluate again</span>
        <button type="button" className="button button--small" onClick={() => editor.evaluation.runNow()}>
          Run
        </button>
      </div>
    );
  }
  if (busySince === null) return null;
  const long = elapsed >= STOP_AFTER_MS;
  return (
    <div className="eval-status" data-testid="eval-progress">
      <span className="busy__spinner" aria-hidden="true" />
      <span role="status">Evaluating…</span>
      {long && (
        <>
          <span role="timer" className="eval-status__time" aria-label="Time evaluating">
            {formatSeconds(elapsed)}
          </span>
          <button
            type="button"
            className="button button--small"
            aria-label="Stop evaluation"
            title="Stop evaluation"
            onClick={() => editor.evaluation.stop()}
          >
            <span className="eval-status__stop" aria-hidden="true" />
            Stop
          </button>
        </>
      )}
    </div>
  );
}
