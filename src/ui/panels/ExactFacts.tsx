import { memo, useMemo } from 'react';
import { latexMath } from '../../escape/latex';
import type { ExactForm } from '../../exact';
import { formatLabel } from '../../format/number';
import type { NodeView } from '../eval/results';
import { Tex } from '../explain/Tex';
import { useExactForms } from '../exam/useExactForms';
import { useEditorState } from '../editor';

/**
 * Variable names KaTeX may typeset. Analytic gradients are written in the user's input names,
 * escaped by latexMath, which writes what pdflatex cannot set as "?": such a name, or one that is
 * more than letters, digits and _, is shown as plain text rather than typeset wrongly.
 */
const PLAIN_NAME = /^[\p{L}\p{N}_]+$/u;
const typesettable = (name: string): boolean => PLAIN_NAME.test(name) && !latexMath(name).includes('?');

/** An exact form and, unless it is a plain number, its decimal: "≈ −4.159", or "= −4.159 here" for a formula. */
function Exact({
  form,
  typeset,
  testId,
  formula = false,
}: {
  form: ExactForm | null | undefined;
  typeset: boolean;
  testId: string;
  formula?: boolean;
}) {
  if (!form) return <span className="muted">no closed form</span>;
  return (
    <span className="exact">
      <span data-testid={testId} data-text={form.text} title={form.text}>
        {typeset ? <Tex latex={form.latex} text={form.text} /> : form.text}
      </span>
      {Number(form.text) !== form.decimal && (
        <span className="muted">{formula ? ` = ${formatLabel(form.decimal)} here` : ` ≈ ${formatLabel(form.decimal)}`}</span>
      )}
    </span>
  );
}

/**
 * A node's value and gradient in closed form (b1 = −6 ln 2), and for an input its analytic
 * gradient as a formula of the inputs. Shown under the node's results once mathjs has loaded.
 */
export const ExactFacts = memo(function ExactFacts({ view }: { view: NodeView | undefined }) {
  const exact = useExactForms();
  const output = useEditorState((s) => (s.results.outputId ? s.results.byId.get(s.results.outputId)?.label : undefined));
  const nodes = useEditorState((s) => s.results.nodes);
  const namesPlain = useMemo(() => nodes.every((n) => n.op !== 'input' || typesettable(n.name)), [nodes]);
  if (!view || exact.state === 'tensor') return null;
  const index = view.index + 1;
  return (
    <section className="facts" aria-label="Exact forms">
      <h3>Exact</h3>
      {exact.state === 'pending' && (
        <p className="muted" role="status">
          Working out exact forms…
        </p>
      )}
      {exact.state === 'failed' && <p className="muted">Exact forms are unavailable: {exact.message}</p>}
      {exact.state === 'ready' && (
        <dl className="facts__list">
          <dt>
            <span className="tag tag--fwd">f</span> {view.label}
          </dt>
          <dd>
            <Exact form={exact.forms.value[view.index]} typeset testId="exact-value" />
          </dd>
          {view.grad !== undefined && (
            <>
              <dt>
                <span className="tag tag--bwd">b</span> b{index}
              </dt>
              <dd>
                <Exact form={exact.forms.grad[view.index]} typeset testId="exact-grad" />
              </dd>
            </>
          )}
          {view.op === 'input' && output && Object.hasOwn(exact.forms.analytic, view.name) && (
            <>
              <dt title={`d(${output})/d(${view.name}) as a formula of the inputs`}>
                ∂{output}/∂{view.name}
              </dt>
              <dd>
                <Exact form={exact.forms.analytic[view.name]} typeset={namesPlain} testId="exact-analytic" formula />
              </dd>
            </>
          )}
        </dl>
      )}
    </section>
  );
});
