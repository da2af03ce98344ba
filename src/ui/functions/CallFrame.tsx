import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { OpFlowNode } from '../store/flow';
import { useEditorState } from '../editor';
import { setCallExpanded } from './expand';
import { expandedView } from './expanded-view';

/**
 * An expanded call: a frame named after the function around its body's nodes, which are a view of
 * the definition (numbered and evaluated in place of the call, but edited in the function panel).
 */
function CallFrameView({ id, selected }: NodeProps<OpFlowNode>) {
  const frame = useEditorState((s) => expandedView(s.doc.present)?.frames.get(id));
  const def = useEditorState((s) => s.doc.present.functions?.find((f) => f.name === frame?.fn));
  const range = useEditorState((s) => {
    const first = frame && s.results.byId.get(frame.inner[0])?.label;
    const last = frame && s.results.byId.get(frame.inner[frame.inner.length - 1])?.label;
    return first && last ? (first === last ? first : `${first}–${last}`) : null;
  });
  if (!frame) return null;
  return (
    <div
      className={`call-frame${selected ? ' call-frame--selected' : ''}`}
      data-testid={`frame-${id}`}
      role="group"
      aria-label={`${frame.fn}, expanded`}
      style={{ width: frame.width, height: frame.height }}
    >
      <div className="call-frame__title">
        <b>{def ? `${def.name}(${def.args.join(', ')})` : frame.fn}</b>
        {range && <span className="call-frame__range">{range}</span>}
        <button
          type="button"
          className="call-frame__collapse nodrag"
          onClick={() => setCallExpanded(id, false)}
          aria-label={`Collapse ${frame.fn}`}
        >
          Collapse
        </button>
      </div>
      <div className="call-frame__note">Read-only view of the body: edit {frame.fn} in the Functions panel</div>
    </div>
  );
}

export const CallFrame = memo(CallFrameView);
