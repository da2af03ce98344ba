import { BaseEdge, getBezierPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { createPortal } from 'react-dom';
import { formatLabel } from '../../format/number';
import { formatShape } from '../../format/shape';
import type { NodeView, WireValue } from '../eval/results';
import { problemTextOf } from '../eval/results-store';
import { currentMark, LABEL, labelMask, pulseKey } from '../playback/store';
import type { ValueFlowEdge } from '../store/flow';
import { useLabelLayer, useLabelsReadable } from './label-layer';
import { Pulse } from './Pulse';
import { useEditorState } from '../editor';
import { TangentLabel } from '../forward/TangentLabel';

/** What a label says: a number to four digits (full precision in the tooltip) or a tensor's shape. */
function describe(v: WireValue | undefined): { short: string; full: string } | null {
  if (v === undefined) return null;
  if (typeof v === 'number') return { short: formatLabel(v), full: String(v) };
  const head = Array.from(v.data.subarray(0, 6), String).join(', ');
  return { short: formatShape(v.shape), full: `${formatShape(v.shape)} tensor: ${head}${v.data.length > 6 ? ', …' : ''}` };
}

/** `leibniz`: the output's label, naming the gradient ∂L/∂f_i; null: the exams' b_i. */
function labels(r: NodeView | undefined, problem: string | null, leibniz: string | null) {
  const index = r ? r.index + 1 : '?';
  const f = r?.label ?? `f${index}`;
  const b = leibniz === null ? `b${index}` : `∂${leibniz}/∂${f}`;
  const tensor = (r?.shape?.length ?? 0) > 0;
  const value = describe(r?.value);
  const grad = describe(r?.grad);
  return {
    f,
    b,
    value: value ? `${f} ${tensor ? '∈' : '='} ${value.short}` : `${f} = —`,
    valueTitle: value ? `forward ${f} = ${value.full}` : `forward ${f}: ${problem ?? 'not evaluated'}`,
    grad: grad ? `${b} ${tensor ? '∈' : '='} ${grad.short}` : `${b} = —`,
    gradTitle: grad ? `gradient ${b} = ∂output/∂${f} = ${grad.full}` : `gradient ${b}: none (not upstream of the output, or invalid)`,
    missing: !grad,
  };
}

interface LabelProps {
  readonly kind: 'fwd' | 'bwd';
  readonly testId: string;
  readonly text: string;
  readonly title: string;
  readonly name: string;
  readonly extra: string;
  /** Bits of LABEL: whether playback is on and whether this value is hidden. */
  readonly mask: number;
  readonly hideBit: number;
}

/**
 * One label. In playback its box holds the value's text invisibly (a ::after ghost in the same
 * grid cell), so "f5 = ?" is as wide as "f5 = 1" and nothing moves when the number appears.
 */
function EdgeLabel({ kind, testId, text, title, name, extra, mask, hideBit }: LabelProps) {
  const base = `edge-label edge-label--${kind} nodrag nopan${extra}`;
  if ((mask & LABEL.ACTIVE) === 0) {
    return (
      <div className={base} data-testid={testId} title={title}>
        {text}
      </div>
    );
  }
  const hidden = (mask & hideBit) !== 0;
  return (
    <div
      className={`${base} edge-label--held${hidden ? ' edge-label--pending' : ''}`}
      data-testid={testId}
      data-ghost={text}
      title={hidden ? `${name}: not computed yet; predict it` : title}
    >
      <span>{hidden ? `${name} = ?` : text}</span>
    </div>
  );
}

/**
 * An edge labelled with what flows along it: the source's forward value f_i above and its
 * gradient b_i below. Colour repeats what the f and b prefixes already say. In playback a value
 * shows "?" until its step has run, and a pulse carries it along the edge.
 */
function ValueEdgeView(p: EdgeProps<ValueFlowEdge>) {
  const r = useEditorState((s) => s.results.byId.get(p.source));
  const problem = useEditorState((s) => problemTextOf(s.results, p.source));
  const mask = useEditorState((s) => labelMask(s.playback, p.source));
  const pulse = useEditorState((s) => pulseKey(s.playback, p.source, p.target));
  // The label the step being played computes: drawn over the others and kept in view (StepInView).
  const mark = useEditorState((s) => currentMark(s.playback, p.source));
  const layer = useLabelLayer();
  const readable = useLabelsReadable();
  const [path, x, y] = getBezierPath(p);
  const leibniz = useEditorState((s) => s.notation.notation !== 'exam');
  const outLabel = useEditorState((s) => (leibniz ? (s.results.byId.get(s.results.outputId ?? '')?.label ?? 'L') : null));
  const l = labels(r, problem, outLabel);
  const key = `${p.source}-${p.target}-${p.targetHandleId}`;
  return (
    <>
      <BaseEdge
        id={p.id}
        path={path}
        className={`value-edge${p.selected ? ' value-edge--selected' : ''}${pulse === 0 ? '' : (pulse & 1) === 1 ? ' value-edge--bwd' : ' value-edge--fwd'}`}
        interactionWidth={16}
      />
      {pulse !== 0 && layer && createPortal(<Pulse key={pulse} edge={p.id} path={path} backward={(pulse & 1) === 1} />, layer)}
      {layer &&
        readable &&
        createPortal(
          // Zero-width anchors placed with left/top, not transforms: each transform adds a paint
          // property node, and a thousand of them made every repaint's layerisation slow.
          <>
            <div
              className={`edge-anchor edge-anchor--above${mark === 'forward' ? ' edge-anchor--current' : ''}`}
              style={{ left: x, top: y - 3 }}
            >
              <EdgeLabel
                kind="fwd"
                testId={`edge-value-${key}`}
                text={l.value}
                title={l.valueTitle}
                name={l.f}
                extra=""
                mask={mask}
                hideBit={LABEL.F_HIDDEN}
              />
            </div>
            <div
              className={`edge-anchor edge-anchor--below${mark === 'backward' ? ' edge-anchor--current' : ''}`}
              style={{ left: x, top: y + 3 }}
            >
              <EdgeLabel
                kind="bwd"
                testId={`edge-grad-${key}`}
                text={l.grad}
                title={l.gradTitle}
                name={l.b}
                extra={l.missing ? ' edge-label--none' : ''}
                mask={mask}
                hideBit={LABEL.B_HIDDEN}
              />
              <TangentLabel source={p.source} testId={`edge-tangent-${key}`} />
            </div>
          </>,
          layer,
        )}
    </>
  );
}

export const ValueEdge = memo(ValueEdgeView);
