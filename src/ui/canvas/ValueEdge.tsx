import { BaseEdge, getBezierPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { createPortal } from 'react-dom';
import type { NodeView, WireValue } from '../eval/results';
import { useResults } from '../eval/results-store';
import { fmt, fmtShape } from '../format';
import type { ValueFlowEdge } from '../store/flow';
import { useLabelLayer, useLabelsReadable } from './label-layer';

/** What a label says: a number to four digits (full precision in the tooltip) or a tensor's shape. */
function describe(v: WireValue | undefined): { short: string; full: string } | null {
  if (v === undefined) return null;
  if (typeof v === 'number') return { short: fmt(v), full: String(v) };
  const head = Array.from(v.data.subarray(0, 6), String).join(', ');
  return { short: fmtShape(v.shape), full: `${fmtShape(v.shape)} tensor: ${head}${v.data.length > 6 ? ', …' : ''}` };
}

function labels(r: NodeView | undefined) {
  const index = r ? r.index + 1 : '?';
  const f = r?.label ?? `f${index}`;
  const b = `b${index}`;
  const tensor = (r?.shape?.length ?? 0) > 0;
  const value = describe(r?.value);
  const grad = describe(r?.grad);
  return {
    value: value ? `${f} ${tensor ? '∈' : '='} ${value.short}` : `${f} = —`,
    valueTitle: value ? `forward ${f} = ${value.full}` : `forward ${f}: ${r?.error ?? 'not evaluated'}`,
    grad: grad ? `${b} ${tensor ? '∈' : '='} ${grad.short}` : `${b} = —`,
    gradTitle: grad ? `gradient ${b} = ∂output/∂${f} = ${grad.full}` : `gradient ${b}: none (not upstream of the output, or invalid)`,
    missing: !grad,
  };
}

/**
 * An edge labelled with what flows along it: the source's forward value f_i above and its
 * gradient b_i below. Colour repeats what the f and b prefixes already say.
 */
function ValueEdgeView(p: EdgeProps<ValueFlowEdge>) {
  const r = useResults((s) => s.byId.get(p.source));
  const layer = useLabelLayer();
  const readable = useLabelsReadable();
  const [path, x, y] = getBezierPath(p);
  const l = labels(r);
  const key = `${p.source}-${p.target}-${p.targetHandleId}`;
  return (
    <>
      <BaseEdge id={p.id} path={path} className={p.selected ? 'value-edge value-edge--selected' : 'value-edge'} interactionWidth={16} />
      {layer &&
        readable &&
        createPortal(
          // Zero-width anchors placed with left/top, not transforms: each transform adds a paint
          // property node, and a thousand of them made every repaint's layerisation slow.
          <>
            <div className="edge-anchor edge-anchor--above" style={{ left: x, top: y - 3 }}>
              <div className="edge-label edge-label--fwd nodrag nopan" data-testid={`edge-value-${key}`} title={l.valueTitle}>
                {l.value}
              </div>
            </div>
            <div className="edge-anchor edge-anchor--below" style={{ left: x, top: y + 3 }}>
              <div className={`edge-label edge-label--bwd nodrag nopan${l.missing ? ' edge-label--none' : ''}`} data-testid={`edge-grad-${key}`} title={l.gradTitle}>
                {l.grad}
              </div>
            </div>
          </>,
          layer,
        )}
    </>
  );
}

export const ValueEdge = memo(ValueEdgeView);
