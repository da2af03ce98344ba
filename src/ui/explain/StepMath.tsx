import type { Explanation } from '../../explain/explain';
import { Tex } from './Tex';

/** A step's write-up as KaTeX, with the local derivative rule beside it: the same for a traced step and a streamed one. */
export function StepMath({ e }: { e: Explanation }) {
  return (
    <div className="step-card__body">
      <div className="step-card__math" data-testid="step-explanation" data-text={e.text}>
        <Tex latex={e.latex} text={e.text} block />
      </div>
      {e.rule && (
        <aside className="step-card__rule" aria-label="Local derivative rule">
          <h4>local rule</h4>
          {e.ruleLatex ? <Tex latex={e.ruleLatex} text={e.rule} /> : <code>{e.rule}</code>}
        </aside>
      )}
    </div>
  );
}
