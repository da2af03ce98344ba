import { useMemo, useState } from 'react';
import { formatShape } from '../../format/shape';
import { isHidden } from '../playback/store';
import { CellGrid } from '../plots/CellGrid';
import { planeCount, planeOf } from '../plots/heatmap';
import { Icon } from '../icons';
import { cellIn, type TensorSide } from './store';
import { windowStep, workOut, type Mark } from './tensor-step';
import { useExplainedSteps } from './useExplainedSteps';
import { editor, useEditorState } from '../editor';

const NONE: ReadonlyMap<number, Mark> = new Map();

/** The receptive window (or picked cell) of the step explained, where it falls on this tensor. */
function useWindowMarks(nodeId: string, side: TensorSide): ReadonlyMap<number, Mark> {
  const steps = useExplainedSteps();
  const cell = useEditorState((s) => s.explain.cell);
  return useMemo(() => {
    if (!steps?.session) return NONE;
    for (const index of steps.indices) {
      const ws = windowStep(steps.session, index);
      if (!ws || (side === 'value') !== (ws.mode === 'forward')) continue;
      const ids = steps.session.plan.ids;
      const worked = workOut(ws, cellIn(cell, `${ids[ws.node]}:${ws.mode}`, 0));
      if (nodeId === ids[ws.input]) return worked.x;
      if (nodeId === ids[ws.node]) return worked.y;
    }
    return NONE;
  }, [steps, cell, nodeId, side]);
}

function Grid({ nodeId, side }: { nodeId: string; side: TensorSide }) {
  const view = useEditorState((s) => s.results.byId.get(nodeId));
  const hidden = useEditorState((s) => isHidden(s.playback, nodeId, side === 'value' ? 'f' : 'b'));
  const [plane, setPlane] = useState(0);
  const marks = useWindowMarks(nodeId, side);
  if (!view) return null;
  const name = side === 'value' ? view.label : `b${view.index + 1}`;
  const v = side === 'value' ? view.value : view.grad;
  if (hidden) return <p className="muted">{name} is not computed yet.</p>;
  if (typeof v !== 'object') return <p className="muted">{name} has no tensor value.</p>;
  const planes = planeCount(v.shape);
  return (
    <>
      <h3>
        {side === 'value' ? 'value' : 'gradient'} {name} · {formatShape(v.shape)}
      </h3>
      {planes > 1 && (
        <label className="inspected__plane">
          plane
          <input
            type="number"
            min={1}
            max={planes}
            value={plane + 1}
            onChange={(e) => setPlane(Math.min(planes, Math.max(1, Number(e.target.value) || 1)) - 1)}
          />
          of {planes}
        </label>
      )}
      <CellGrid
        name={side === 'value' ? view.name : `d${view.name}`}
        caption={`${name}, plane ${plane + 1}`}
        plane={planeOf(v.shape, v.data, plane)}
        side={side}
        marks={plane === 0 ? marks : NONE}
      />
    </>
  );
}

/** A tensor opened from a node's heatmap: every number of a plane, on its colour. */
export function InspectedTensor() {
  const inspect = useEditorState((s) => s.explain.inspect);
  const exists = useEditorState((s) => inspect !== null && s.results.byId.has(inspect.nodeId));
  if (!inspect || !exists) return null;
  return (
    <section className="inspected" aria-label="Tensor as numbers">
      <button
        type="button"
        className="tool inspected__close"
        aria-label="Close the tensor"
        onClick={() => editor.set('explain', { inspect: null })}
      >
        <Icon name="close" size={14} />
      </button>
      <Grid key={`${inspect.nodeId}:${inspect.side}`} nodeId={inspect.nodeId} side={inspect.side} />
    </section>
  );
}
