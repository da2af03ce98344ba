import { alignBlock } from '../../explain/align';
import { formatCount, formatLabel } from '../../format/number';
import { formatShape } from '../../format/shape';
import { isSummary, type StreamValue } from '../../graph/trace-stream';
import { CopyLatexButton } from '../explain/CopyLatex';
import { editor, useEditorState } from '../editor';
import { setForwardElement, setForwardOpen, setForwardTarget } from './actions';
import { useTangents, type ForwardView } from './useTangents';
import './forward.css';

const shown = (v: StreamValue | undefined): string =>
  v === undefined ? '—' : typeof v === 'number' ? formatLabel(v) : formatShape(v.shape);

/** Elements shown of a tensor tangent: enough for the exams' small tensors. */
const SHOWN_ELEMENTS = 64;

/** The reverse-mode number to compare with d output/d x: b_x, its element, or its sum when all elements move. */
function reverseOf(view: ForwardView): string {
  const x = view.target.node;
  // Streamed from the worker: the gradient is in the results it sent, not in a session here.
  const g = view.session?.ev.grad(x);
  const b = `b${x + 1}`;
  if (g === undefined || typeof g === 'number') return `${b} = ${shown(g)}`;
  const e = view.target.element;
  if (e !== undefined) return `${b}[${e}] = ${formatLabel(g.data[e])}`;
  return `Σ ${b} = ${formatLabel(g.data.reduce((a, v) => a + v, 0))}`;
}

/** The selected node's tangent, element by element (a tensor's edge label only gives its shape). */
function SelectedTangent({ view }: { view: ForwardView }) {
  const selected = useEditorState((s) => (s.doc.selectedNodes.length === 1 ? s.doc.selectedNodes[0] : null));
  const k = selected === null ? undefined : view.plan.index.get(selected);
  if (k === undefined) return null;
  const t = view.trace.at(k).tangent;
  if (t === undefined || typeof t === 'number' || isSummary(t)) return null;
  const data = t.data;
  return (
    <section aria-label="Tangent of the selected node">
      <h3>
        ḟ{k + 1} element by element ({formatShape(t.shape)})
      </h3>
      <ol className="forward-elements" start={0} data-testid="selected-tangent">
        {Array.from(data.subarray(0, SHOWN_ELEMENTS), (v, i) => (
          <li key={i}>{formatLabel(v)}</li>
        ))}
      </ol>
      {data.length > SHOWN_ELEMENTS && (
        <p className="muted">
          the first {SHOWN_ELEMENTS} of {formatCount(data.length)} elements
        </p>
      )}
    </section>
  );
}

/** Reverse mode against forward mode for this graph: passes and operations, and why they differ. */
function Costs({ view }: { view: ForwardView }) {
  const c = view.costs;
  if (!c) return null;
  return (
    <section aria-label="Reverse and forward mode compared">
      <h3>Why backprop runs in reverse</h3>
      <table className="forward-costs" data-testid="mode-costs">
        <thead>
          <tr>
            <th>mode</th>
            <th>passes</th>
            <th>operations</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>reverse</td>
            <td>2 (1 forward, 1 backward)</td>
            <td>{formatCount(c.reverse.operations)}</td>
          </tr>
          <tr>
            <td>forward</td>
            <td>{formatCount(c.forward.passes)} (1 per input element)</td>
            <td>{formatCount(c.forward.operations)}</td>
          </tr>
        </tbody>
      </table>
      <p className="muted">
        One backward pass gives the gradient of the output with respect to every input at once; a forward pass gives the derivative with
        respect to one input, so the whole gradient takes one pass per input. Operations are scalar multiply-adds: the values once per pass
        and one product per edge.
      </p>
    </section>
  );
}

/**
 * The step-through lives in the playback bar (one transport, keyboard and explanation for every
 * mode); the panel starts it and copies the whole derivation.
 */
function Steps({ view }: { view: ForwardView }) {
  const mode = useEditorState((s) => s.playback.mode);
  return (
    <div className="forward-panel__row">
      <button type="button" className="tool" disabled={mode === 'forward'} onClick={() => editor.playback.setMode('forward')}>
        {mode === 'forward' ? 'Stepping in the playback bar' : 'Step through in the playback bar'}
      </button>
      <CopyLatexButton
        latex={() => alignBlock(view.steps)}
        what="The derivation"
        label="Copy derivation (align)"
        text="Copy derivation (align)"
      />
    </div>
  );
}

/**
 * Forward mode: choose x, read ḟ_i = ∂f_i/∂x on every edge and d output/d x here (it equals the
 * reverse-mode gradient), start the step-through in the playback bar, and compare the cost of the
 * two modes for this graph.
 */
export function ForwardPanel() {
  const open = useEditorState((s) => s.forward.open);
  const { view, problem } = useTangents();
  const plan = view?.plan;
  const x = view?.target.node;
  const out = plan?.output ?? -1;
  return (
    <>
      <button type="button" className="tool forward-toggle" aria-pressed={open} onClick={() => setForwardOpen(!open)}>
        Forward mode
      </button>
      {open && (
        <section className="forward-panel" aria-label="Forward mode">
          <h2>Forward mode: tangents ḟ_i = ∂f_i/∂x</h2>
          {problem && <p className="muted">{problem}</p>}
          {!problem && !view && <p className="muted">Add an input to take derivatives with respect to it.</p>}
          {view && plan && x !== undefined && (
            <>
              <label className="forward-panel__row">
                with respect to
                <select aria-label="Derivative target" value={plan.ids[x]} onChange={(e) => setForwardTarget(e.target.value)}>
                  {view.choices.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.text}
                    </option>
                  ))}
                </select>
              </label>
              {(plan.shapes[x]?.length ?? 0) > 0 && (
                <label className="forward-panel__row">
                  element of {plan.labels[x]} that moves (empty: all at once)
                  <input
                    type="number"
                    min={0}
                    aria-label="Target element"
                    value={view.target.element ?? ''}
                    onChange={(e) => setForwardElement(e.target.value === '' ? null : Math.max(0, Math.floor(Number(e.target.value))))}
                  />
                </label>
              )}
              {out >= 0 && (
                <p data-testid="forward-result">
                  d{plan.labels[out]}/d{view.choices.find((c) => c.id === plan.ids[x])?.text}
                  {view.target.element === undefined ? '' : `[${view.target.element}]`} = {shown(view.output)}
                  {/* Tangents from the worker come without a session here to read the gradient from. */}
                  {view.session && ` · reverse mode: ${reverseOf(view)}`}
                </p>
              )}
              <SelectedTangent view={view} />
              <Steps view={view} />
              <Costs view={view} />
            </>
          )}
        </section>
      )}
    </>
  );
}
