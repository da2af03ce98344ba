import { useMemo } from 'react';
import { explainUpdate } from '../../explain/update';
import { initialState, withDefaults, type ParamState } from '../../graph/optim/optimizers';
import { initialLr } from '../../graph/optim/schedules';
import type { ParamStateJson } from '../../graph/schema';
import { Tex } from '../explain/Tex';
import { useEditorState } from '../editor';
import { optimizerOf, schedulesOf } from './runs';

const first = (v: unknown): number | undefined => (typeof v === 'number' ? v : (v as { data?: ArrayLike<number> } | undefined)?.data?.[0]);

/** The saved state of element 0, when it was saved for this optimizer; else a fresh one. */
function stateOf(saved: ParamStateJson | undefined, fresh: ParamState): ParamState {
  if (!saved) return fresh;
  const out: ParamState = { ...fresh };
  if (saved.step !== undefined) out.step = saved.step;
  for (const k of ['momentumBuffer', 'expAvg', 'expAvgSq', 'maxExpAvgSq', 'squareAvg', 'gradAvg', 'sum'] as const) {
    const a = saved[k];
    if (a) out[k] = Float64Array.of(a[0]);
  }
  return out;
}

/**
 * The next update of the first trainable parameter (its first element), written out in numbers
 * with the chosen optimizer: its current value and gradient, and the state the graph keeps.
 */
export function UpdateCard() {
  const form = useEditorState((s) => s.runs.form);
  const param = useEditorState((s) => s.doc.present.nodes.find((n) => n.op === 'input' && n.params?.trainable === true));
  const training = useEditorState((s) => s.doc.present.training);
  const result = useEditorState((s) => (param ? s.results.byId.get(param.id) : undefined));
  const lines = useMemo(() => {
    const theta = first(result?.value);
    const grad = first(result?.grad);
    if (!param || theta === undefined || grad === undefined) return null;
    const optimizer = optimizerOf(form);
    const s = withDefaults(optimizer);
    const same = JSON.stringify(training?.optimizer) === JSON.stringify(optimizer);
    const state = stateOf(same ? training?.state?.[param.id] : undefined, initialState(s, 1));
    const lr = same && training?.lr !== undefined ? training.lr : initialLr(s.lr, schedulesOf(form));
    return explainUpdate(s, lr, theta, grad, state);
  }, [form, param, training, result]);
  if (!param || !lines) return null;
  return (
    <section className="update-card" aria-label="The next update">
      <h4>
        next update of {param.name ?? param.id}
        {typeof param.value === 'number' ? '' : '[0]'}
      </h4>
      <ol>
        {lines.map((l, i) => (
          <li key={i} data-name={l.name} data-value={l.value}>
            <Tex latex={l.latex} text={`${l.name} = ${l.value}`} />
          </li>
        ))}
      </ol>
    </section>
  );
}
