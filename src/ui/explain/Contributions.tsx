import { formatLabel } from '../../format/number';
import { formatShape } from '../../format/shape';
import type { Plan } from '../../graph/compile';
import type { BackwardStep } from '../../graph/trace';
import type { StreamValue } from '../../graph/trace-stream';

/** A value's shape, also of a summary a streamed trace sent for a large tensor. */
const shapeOf = (v: StreamValue): readonly number[] => (typeof v === 'number' ? [] : v.shape);

/**
 * Fan-out: b_i is the sum of what every use of f_i sends back, b_j · ∂f_j/∂f_i per use. One row
 * per use, then the sum.
 */
export function Contributions({ step, plan }: { step: BackwardStep<StreamValue>; plan: Plan }) {
  if (step.contributions.length < 2) return null;
  const b = `b${step.node + 1}`;
  return (
    <table className="contribs">
      <caption>
        {step.label} is used {step.contributions.length} times, so {b} sums {step.contributions.length} terms
      </caption>
      <thead>
        <tr>
          <th scope="col">use of {step.label}</th>
          <th scope="col">b_j · ∂f_j/∂{step.label}</th>
          <th scope="col">term</th>
        </tr>
      </thead>
      <tbody>
        {step.contributions.map((c) => {
          const j = `b${c.to + 1}`;
          const scalar = typeof c.upstream === 'number' && typeof c.local === 'number';
          return (
            <tr key={`${c.to}:${c.port}`}>
              <td>
                {plan.labels[c.to]} ({plan.ops[c.to].title}, port {c.port})
              </td>
              <td>
                {scalar
                  ? `${j} · ∂${plan.labels[c.to]}/∂${step.label} = (${formatLabel(c.upstream as number)})(${formatLabel(c.local as number)})`
                  : `${j} (${formatShape(shapeOf(c.upstream))}) back through ${plan.ops[c.to].type}`}
              </td>
              <td className="contribs__num">{scalar ? formatLabel((c.upstream as number) * (c.local as number)) : '—'}</td>
            </tr>
          );
        })}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={2}>
            sum = {b}
          </th>
          <td className="contribs__num">{typeof step.grad === 'number' ? formatLabel(step.grad) : formatShape(shapeOf(step.grad))}</td>
        </tr>
      </tfoot>
    </table>
  );
}
