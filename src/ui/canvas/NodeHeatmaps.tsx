import { memo, useMemo } from 'react';
import { formatShape } from '../../format/shape';
import type { WireValue } from '../eval/results';
import { LABEL, labelMask } from '../playback/store';
import { Heatmap } from '../plots/Heatmap';
import { extentOf, planeCount, planeOf, type Side } from '../plots/heatmap';
import { scaleEnds } from '../plots/HeatScale';
import { formatLabel } from '../../format/number';
import { editor, useEditorState } from '../editor';
import { NodeNumbers, numbersFit } from './NodeNumbers';

/** Longest side of a heatmap on a node, in CSS pixels. */
const SIZE = 40;

function boxOf(shape: readonly number[]): { width: number; height: number } {
  const h = shape.length >= 2 ? shape[shape.length - 2] : 1;
  const w = shape[shape.length - 1] ?? 1;
  const scale = SIZE / Math.max(h, w);
  return { width: Math.max(2, Math.round(w * scale)), height: Math.max(2, Math.round(h * scale)) };
}

interface MapProps {
  readonly id: string;
  readonly side: Side;
  readonly value: WireValue | undefined;
  readonly shape: readonly number[];
  readonly name: string;
  readonly hidden: boolean;
}

function NodeMap({ id, side, value, shape, name, hidden }: MapProps) {
  const tensor = typeof value === 'object' ? value : undefined;
  const plane = useMemo(() => tensor && planeOf(tensor.shape, tensor.data), [tensor]);
  const what = side === 'value' ? `value ${name}` : `gradient ${name}`;
  if (hidden) {
    return (
      <span className="node-map node-map--hidden" style={boxOf(shape)} title={`${what}: not computed yet`}>
        ?
      </span>
    );
  }
  if (!tensor || !plane) return null;
  const planes = planeCount(tensor.shape);
  // Colour alone says little: the scale's ends go in the tooltip and the accessible name.
  const [lo, hi] = scaleEnds(side, extentOf(plane)).map(formatLabel);
  return (
    <button
      type="button"
      className={`node-map node-map--${side} nodrag`}
      title={`${what} (${formatShape(tensor.shape)}${planes > 1 ? `, first of ${planes} planes` : ''}), colours from ${lo} to ${hi}: click for the numbers`}
      onClick={() => editor.explain.inspectTensor(id, side)}
    >
      <Heatmap plane={plane} side={side} size={SIZE} label={`Heatmap of ${what}, colours from ${lo} to ${hi}`} />
      {numbersFit(plane.h, plane.w) && <NodeNumbers plane={plane} side={side} />}
      <span className="node-map__tag" aria-hidden="true">
        {side === 'value' ? 'f' : 'b'}
      </span>
    </button>
  );
}

/** Small heatmaps of a tensor node's value (sequential colours) and gradient (diverging, centred on 0). */
function NodeHeatmapsView({ id }: { id: string }) {
  const view = useEditorState((s) => s.results.byId.get(id));
  const mask = useEditorState((s) => labelMask(s.playback, id));
  if (!view?.shape || view.shape.length === 0) return null;
  const index = view.index + 1;
  return (
    <div className="node-maps">
      <NodeMap id={id} side="value" value={view.value} shape={view.shape} name={view.label} hidden={(mask & LABEL.F_HIDDEN) !== 0} />
      <NodeMap id={id} side="grad" value={view.grad} shape={view.shape} name={`b${index}`} hidden={(mask & LABEL.B_HIDDEN) !== 0} />
    </div>
  );
}

export const NodeHeatmaps = memo(NodeHeatmapsView);
