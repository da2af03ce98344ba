import { useMemo } from 'react';
import { explainStep } from '../../explain/explain';
import type { Session } from '../playback/session';
import { stepName } from '../playback/timeline';
import { Contributions } from './Contributions';
import { CopyLatexButton } from './CopyLatex';
import { TensorStep } from './TensorStep';
import { StepMath } from './StepMath';
import { useEditorState } from '../editor';

/**
 * One step written out: the formula with labels, then numbers, then the result, typeset by KaTeX
 * (exact forms once the exact engine is in); the local derivative rule beside it; the terms of
 * a fan-out sum; and for a convolution or pooling step, a worked cell.
 */
export function StepCard({ session, index }: { session: Session; index: number }) {
  const exact = useEditorState((s) => s.explain.exact);
  const step = useMemo(() => session.trace.at(index), [session, index]);
  const notation = useEditorState((s) => s.notation.notation);
  const e = useMemo(() => explainStep(step, session.plan, session.ev, exact, notation), [step, session, exact, notation]);
  const name = stepName(session.timeline, index, session.plan.labels);
  const forward = step.kind === 'forward';
  return (
    <article className={`step-card step-card--${step.kind}`} aria-label={`Step ${index + 1}: ${name}`} data-testid="step-card">
      <header className="step-card__head">
        <span className={`tag tag--${forward ? 'fwd' : 'bwd'}`} aria-hidden="true">
          {forward ? 'f' : 'b'}
        </span>
        <h3>
          Step {index + 1} of {session.trace.length} · {forward ? 'forward' : 'backward'} · {name} · {session.plan.ops[step.node].title}
        </h3>
        <CopyLatexButton latex={() => e.latex} what={`Step ${index + 1}`} label={`Copy LaTeX of step ${index + 1}`} />
      </header>
      <StepMath e={e} />
      {!forward && <Contributions step={step} plan={session.plan} />}
      <TensorStep session={session} index={index} />
    </article>
  );
}
