import { useMemo } from 'react';
import { explainStep } from '../../explain/explain';
import { formatCount } from '../../format/number';
import { formatShape } from '../../format/shape';
import { FULL_VALUE_LIMIT, isSummary, type StreamStep, type StreamValue, type TensorSummary } from '../../graph/trace-stream';
import { sizeOf } from '../../tensor/tensor';
import type { Playable } from '../playback/playable';
import { statsOf } from '../playback/streamed-text';
import { stepName } from '../playback/timeline';
import { Heatmap } from '../plots/Heatmap';
import { StatRows } from '../panels/TensorPreview';
import { useEditorState } from '../editor';
import { Contributions } from './Contributions';
import { CopyLatexButton } from './CopyLatex';
import { StepMath } from './StepMath';

/** A tensor's statistics and the thumbnail of its first matrix. */
export function Summary({ value, side, name }: { value: StreamValue; side: 'value' | 'grad'; name: string }) {
  const s = useMemo(() => statsOf(value), [value]);
  if (!s) return null;
  const plane = { data: s.thumb.data, offset: 0, h: s.thumb.rows, w: s.thumb.cols };
  return (
    <figure className="step-card__summary" data-testid="step-summary" aria-label={`${name}, summarized`}>
      <Heatmap plane={plane} side={side} size={96} label={`${name}: first ${s.thumb.rows} × ${s.thumb.cols} block means`} />
      <figcaption>
        <b>{name}</b>
        <dl>
          <StatRows shape={s.shape} stats={s} />
        </dl>
      </figcaption>
    </figure>
  );
}

interface Named {
  readonly name: string;
  readonly value: StreamValue;
  readonly side: 'value' | 'grad';
}

/** The step's operands that came as summaries, then its own tensor (whole or not), each once. */
function tensorsOf(step: StreamStep): Named[] {
  const b = (k: number) => `b${k + 1}`;
  const operands: Named[] =
    step.kind === 'forward'
      ? step.inputs.flatMap((i) => (isSummary(i.value) ? [{ name: i.label, value: i.value, side: 'value' as const }] : []))
      : step.contributions.flatMap((c) => (isSummary(c.upstream) ? [{ name: b(c.to), value: c.upstream, side: 'grad' as const }] : []));
  const own = step.kind === 'forward' ? step.value : step.grad;
  const self: Named[] =
    own === undefined || typeof own === 'number'
      ? []
      : [{ name: step.kind === 'forward' ? step.label : b(step.node), value: own, side: step.kind === 'forward' ? 'value' : 'grad' }];
  const seen = new Set<string>();
  return [...operands, ...self].filter((t) => !seen.has(t.name) && seen.add(t.name));
}

/** Why a step with summarized tensors has no numbers in its write-up. */
export function whyNoNumbers(summarized: readonly { name: string; value: TensorSummary }[]): string {
  const list = summarized.map((t) => `${t.name} (${formatShape(t.value.shape)}, ${formatCount(sizeOf(t.value.shape))} elements)`);
  const many = list.length > 1;
  return (
    `Numbers are not shown: ${list.join(' and ')} ${many ? 'are' : 'is'} larger than the ${formatCount(FULL_VALUE_LIMIT)} elements ` +
    `the evaluation worker sends whole, so the step carries ${many ? 'each one’s' : 'its'} shape, min, max, mean and a thumbnail instead.`
  );
}

/**
 * A step of a trace streamed from the worker (a graph too heavy to trace here), written out as a
 * traced step is: the formula, with numbers where the worker sent them (scalars and tensors up to
 * FULL_VALUE_LIMIT elements) and shapes for the tensors it summarized, with their statistics and
 * thumbnails, and a line saying why those have no numbers.
 */
export function StreamedStepCard({ playable, index }: { playable: Playable; index: number }) {
  const step = playable.trace.at(index);
  const notation = useEditorState((s) => s.notation.notation);
  const e = useMemo(() => explainStep(step, playable.plan, null, null, notation), [step, playable.plan, notation]);
  const tensors = useMemo(() => tensorsOf(step), [step]);
  const summarized = tensors.filter((t): t is Named & { value: TensorSummary } => isSummary(t.value));
  const name = stepName(playable.timeline, index, playable.plan.labels);
  const forward = step.kind === 'forward';
  const total = playable.stream?.expected ?? playable.trace.length;
  return (
    <article className={`step-card step-card--${step.kind}`} aria-label={`Step ${index + 1}: ${name}`} data-testid="step-card">
      <header className="step-card__head">
        <span className={`tag tag--${forward ? 'fwd' : 'bwd'}`} aria-hidden="true">
          {forward ? 'f' : 'b'}
        </span>
        <h3>
          Step {index + 1} of {total} · {forward ? 'forward' : 'backward'} · {name} · {playable.plan.ops[step.node].title}
        </h3>
        <CopyLatexButton latex={() => e.latex} what={`Step ${index + 1}`} label={`Copy LaTeX of step ${index + 1}`} />
      </header>
      <StepMath e={e} />
      {!forward && <Contributions step={step} plan={playable.plan} />}
      {summarized.length > 0 && (
        <p className="muted step-card__why" data-testid="why-no-numbers">
          {whyNoNumbers(summarized)}
        </p>
      )}
      {tensors.length > 0 && (
        <div className="step-card__summaries">
          {tensors.map((t) => (
            <Summary key={t.name} value={t.value} side={t.side} name={t.name} />
          ))}
        </div>
      )}
    </article>
  );
}
