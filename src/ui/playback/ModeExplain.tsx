import { useMemo } from 'react';
import { formatCount, formatLabel } from '../../format/number';
import { formatShape } from '../../format/shape';
import type { TangentStep } from '../../graph/tangent-trace';
import { isSummary, type StreamValue } from '../../graph/trace-stream';
import { CopyLatexButton } from '../explain/CopyLatex';
import { Summary, whyNoNumbers } from '../explain/StreamedStepCard';
import { Tex } from '../explain/Tex';
import { OptimizerChooser } from '../training/OptimizerChooser';
import { useEditorState } from '../editor';
import { useForwardView } from './ModeControls';
import type { ForwardView } from '../forward/view';
import { trainableParams, trainStep, type TrainStepRecord } from './train-step';

/** Rows of a tensor JVP written out: enough for the exams' small tensors. */
const JVP_ROWS = 32;

/** A tensor's elements; none for a number, or a summary the worker sent of a tensor too large to copy. */
const tensorData = (v: StreamValue | undefined): Float64Array | null =>
  v === undefined || typeof v === 'number' || isSummary(v) ? null : v.data;

/** A tensor step's JVP element by element: each input's tangent and the result, where they line up one to one. */
function ElementJvp({ step }: { step: TangentStep<StreamValue> }) {
  const out = tensorData(step.tangent);
  if (!out) return null;
  const cols = step.terms.filter((t) => tensorData(t.tangent)?.length === out.length);
  const rows = Math.min(out.length, JVP_ROWS);
  return (
    <section aria-label="The JVP element by element">
      <h4>
        ḟ{step.node + 1} element by element ({step.tangent && typeof step.tangent !== 'number' ? formatShape(step.tangent.shape) : ''})
      </h4>
      <table className="mode-explain__jvp" data-testid="jvp-elements">
        <thead>
          <tr>
            <th>element</th>
            {cols.map((t) => (
              <th key={t.port}>ḟ{t.from + 1}</th>
            ))}
            <th>ḟ{step.node + 1}</th>
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: rows }, (_, e) => (
            <tr key={e}>
              <td>{e}</td>
              {cols.map((t) => (
                <td key={t.port}>{formatLabel((tensorData(t.tangent) as Float64Array)[e])}</td>
              ))}
              <td>{formatLabel(out[e])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {out.length > rows && (
        <p className="muted">
          the first {rows} of {formatCount(out.length)} elements
        </p>
      )}
    </section>
  );
}

/** Reverse mode against forward mode for this graph, in one sentence under the steps. */
function CostLine({ view }: { view: ForwardView }) {
  const c = view.costs;
  if (!c) return null;
  return (
    <p className="muted" data-testid="mode-costs-line">
      The whole gradient of this graph: reverse mode takes 2 passes (1 forward, 1 backward) and {formatCount(c.reverse.operations)}{' '}
      operations for every input at once; forward mode takes {formatCount(c.forward.passes)} passes (1 per input element) and{' '}
      {formatCount(c.forward.operations)} operations.
    </p>
  );
}

/** The tangent step just run, written out, with its LaTeX to copy and, for a tensor, its JVP per element. */
export function ForwardExplain() {
  const { view, problem } = useForwardView();
  const step = useEditorState((s) => s.forward.step);
  const trace = view?.trace;
  if (!view || !trace) return <p className="muted">{problem ?? 'Add an input to take derivatives with respect to it.'}</p>;
  const n = view.steps.length;
  const i = (step ?? n) - 1;
  if (i < 0)
    return (
      <>
        <p className="muted">No tangent computed yet: every edge shows “ḟ = ?”. Press → to run the first step.</p>
        <CostLine view={view} />
      </>
    );
  const e = view.steps[i];
  const ts = trace.at(i);
  return (
    <>
      <article className="step-card step-card--forward" aria-label={`Tangent step ${i + 1}`} data-testid="tangent-card">
        <header className="step-card__head">
          <span className="tag tag--fwd" aria-hidden="true">
            ḟ
          </span>
          <h3>
            Tangent step {i + 1} of {n} · ḟ{i + 1} · {view.plan.ops[i].title}
          </h3>
          <CopyLatexButton latex={() => e.latex} what={`Step ${i + 1}`} label={`Copy LaTeX of step ${i + 1}`} />
        </header>
        <div className="step-card__body">
          <div className="step-card__math" data-testid="tangent-explanation" data-text={e.text}>
            <Tex latex={e.latex} text={e.text} block />
          </div>
        </div>
        <ElementJvp step={ts} />
        {isSummary(ts.tangent) && (
          <>
            <p className="muted step-card__why" data-testid="why-no-numbers">
              {whyNoNumbers([{ name: `ḟ${i + 1}`, value: ts.tangent }])}
            </p>
            <Summary value={ts.tangent} side="value" name={`ḟ${i + 1}`} />
          </>
        )}
      </article>
      <CostLine view={view} />
    </>
  );
}

function StepRecord({ r, next }: { r: TrainStepRecord; next: boolean }) {
  return (
    <article className="step-card" aria-label={`Training step ${r.t}`} data-testid="train-card">
      <header className="step-card__head">
        <h3>
          {next ? 'Next: ' : ''}training step {r.t} · {r.optimizer} · {r.param}
        </h3>
      </header>
      <ol className="mode-explain__phases">
        <li data-testid="train-forward">forward: L = {formatLabel(r.loss)}</li>
        <li data-testid="train-backward">
          backward: ∂L/∂{r.param} = {formatLabel(r.grad)}
        </li>
        <li>
          update (η = {formatLabel(r.lr)}):
          <ol>
            {r.lines.map((l, i) => (
              <li key={i} data-testid="train-line" data-name={l.name} data-value={l.value}>
                <Tex latex={l.latex} text={`${l.name} = ${l.value}`} />
              </li>
            ))}
          </ol>
        </li>
        {!next && <li data-testid="train-after">then: L = {formatLabel(r.lossAfter)}</li>}
      </ol>
    </article>
  );
}

/** The last training step (or, before one, the next) written out, under the optimizer's settings. */
export function TrainExplain() {
  // Steps taken on a document since replaced by another are not this one's.
  const last = useEditorState((s) => (s.trainPlay.opened === s.doc.opened ? s.trainPlay.last : null));
  const problem = useEditorState((s) => s.trainPlay.problem);
  const doc = useEditorState((s) => s.doc.present);
  const form = useEditorState((s) => s.runs.form);
  const chosen = useEditorState((s) => s.trainPlay.param);
  const element = useEditorState((s) => s.trainPlay.element);
  const preview = useMemo(() => {
    if (last) return null;
    const id = trainableParams(doc).find((p) => p.id === chosen)?.id ?? trainableParams(doc)[0]?.id;
    const r = id === undefined ? null : trainStep(doc, form, id, element);
    return r && 'record' in r ? r.record : null;
  }, [last, doc, form, chosen, element]);
  return (
    <div className="mode-explain__train">
      {last ? <StepRecord r={last} next={false} /> : preview && <StepRecord r={preview} next />}
      {problem && (
        <p className="muted" role="alert">
          No training step: {problem}.
        </p>
      )}
      <OptimizerChooser />
    </div>
  );
}

/** The explanation panel's body in forward or training mode. */
export function ModeExplainBody({ mode }: { mode: 'forward' | 'training' }) {
  return <div className="explain__body">{mode === 'forward' ? <ForwardExplain /> : <TrainExplain />}</div>;
}
