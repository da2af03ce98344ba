import { formatLabel } from '../../format/number';
import { formatShape } from '../../format/shape';
import type { Plan } from '../../graph/compile';
import { isSummary, summarize, type StreamStep, type StreamValue, type TensorSummary } from '../../graph/trace-stream';

/** The statistics of a value in a streamed step: a tensor sent whole is summarized here, the same way. */
export function statsOf(v: StreamValue): TensorSummary | null {
  if (typeof v === 'number') return null;
  return isSummary(v) ? v : summarize(v);
}

/** A value in words: a number, or a tensor's shape and statistics. */
export function valueText(v: StreamValue | undefined): string {
  if (v === undefined) return 'no value';
  const s = statsOf(v);
  if (!s) return formatLabel(v as number);
  return `${formatShape(s.shape)} tensor, min ${formatLabel(s.min)}, max ${formatLabel(s.max)}, mean ${formatLabel(s.mean)}`;
}

/** What a step of a streamed trace computed, in words, for the live region and the step card's heading. */
export function streamedStepText(step: StreamStep, plan: Plan): string {
  if (step.kind === 'forward') {
    const args = step.inputs.map((i) => i.label).join(', ');
    const head = step.inputs.length > 0 ? `${step.label} = ${step.op}(${args})` : `${step.label}, the ${step.op}`;
    return `${head}: ${valueText(step.value)}.`;
  }
  const name = `b${step.node + 1}`;
  return step.seed
    ? `${name}, the seed at the output ${step.label}: ${valueText(step.grad)}.`
    : `${name}, the gradient at ${plan.labels[step.node]}, summed from ${step.contributions.length} consumer${step.contributions.length === 1 ? '' : 's'}: ${valueText(step.grad)}.`;
}
