import { useMemo } from 'react';
import { formatLabel } from '../../format/number';
import { formatShape } from '../../format/shape';
import type { StreamValue } from '../../graph/trace-stream';
import type { Playable } from '../playback/playable';
import { statsOf, streamedStepText } from '../playback/streamed-text';
import { stepName } from '../playback/timeline';
import { Heatmap } from '../plots/Heatmap';

/** A tensor's statistics and the thumbnail of its first matrix. */
function Summary({ value, side, name }: { value: StreamValue; side: 'value' | 'grad'; name: string }) {
  const s = useMemo(() => statsOf(value), [value]);
  if (!s) return null;
  const plane = { data: s.thumb.data, offset: 0, h: s.thumb.rows, w: s.thumb.cols };
  return (
    <div className="step-card__summary" data-testid="step-summary">
      <Heatmap plane={plane} side={side} size={96} label={`${name}: first ${s.thumb.rows} × ${s.thumb.cols} block means`} />
      <dl>
        <dt>shape</dt>
        <dd>{formatShape(s.shape)}</dd>
        <dt>min</dt>
        <dd title={String(s.min)}>{formatLabel(s.min)}</dd>
        <dt>max</dt>
        <dd title={String(s.max)}>{formatLabel(s.max)}</dd>
        <dt>mean</dt>
        <dd title={String(s.mean)}>{formatLabel(s.mean)}</dd>
      </dl>
    </div>
  );
}

/**
 * A step of a trace streamed from the worker (a graph too large to trace here): what it computed,
 * and for a tensor its shape, statistics and a thumbnail; the worker keeps no copy of large tensors.
 */
export function StreamedStepCard({ playable, index }: { playable: Playable; index: number }) {
  const step = playable.trace.at(index);
  const name = stepName(playable.timeline, index, playable.plan.labels);
  const forward = step.kind === 'forward';
  const value = forward ? step.value : step.grad;
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
      </header>
      <p className="step-card__math" data-testid="step-explanation">
        {streamedStepText(step, playable.plan)}
      </p>
      {value !== undefined && <Summary value={value} side={forward ? 'value' : 'grad'} name={name} />}
    </article>
  );
}
