import { memo } from 'react';
import { formatLabel } from '../../format/number';
import { formatShape } from '../../format/shape';
import { useEditorState } from '../editor';

/**
 * ḟ_i under an edge's value and gradient, while forward mode is on: the tangent of the edge's
 * source, or "ḟ_i = ?" before its step has run.
 */
function TangentLabelView({ source, testId }: { source: string; testId: string }) {
  const open = useEditorState((s) => s.forward.open);
  const known = useEditorState((s) => s.forward.tangents.has(source));
  const t = useEditorState((s) => s.forward.tangents.get(source));
  const index = useEditorState((s) => s.results.byId.get(source)?.index);
  const label = useEditorState((s) => s.results.byId.get(source)?.label);
  const leibniz = useEditorState((s) => s.notation.notation !== 'exam');
  const x = useEditorState((s) => s.forward.targetName);
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
