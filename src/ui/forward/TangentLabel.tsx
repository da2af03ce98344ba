import { memo } from 'react';
import { formatLabel } from '../../format/number';
import { formatShape } from '../../format/shape';
import { useResults } from '../eval/results-store';
import { useNotation } from '../notation/store';
import { useForward } from './store';

/**
 * ḟ_i under an edge's value and gradient, while forward mode is on: the tangent of the edge's
 * source, or "ḟ_i = ?" before its step has run.
 */
function TangentLabelView({ source, testId }: { source: string; testId: string }) {
  const open = useForward((s) => s.open);
  const known = useForward((s) => s.tangents.has(source));
  const t = useForward((s) => s.tangents.get(source));
  const index = useResults((s) => s.byId.get(source)?.index);
  const label = useResults((s) => s.byId.get(source)?.label);
  const leibniz = useNotation((s) => s.notation === 'leibniz');
  const x = useForward((s) => s.targetName);
  if (!open || index === undefined) return null;
  const name = leibniz ? `∂${label ?? '?'}/∂${x}` : `ḟ${index + 1}`;
  const text = !known
    ? `${name} = ?`
    : t === undefined
      ? `${name} = —`
      : typeof t === 'number'
        ? `${name} = ${formatLabel(t)}`
        : `${name} ∈ ${formatShape(t.shape)}`;
  return (
    <div className="edge-label edge-label--tan nodrag nopan" data-testid={testId} title={`tangent ${name} = ∂f${index + 1}/∂x`}>
      {text}
    </div>
  );
}

export const TangentLabel = memo(TangentLabelView);
