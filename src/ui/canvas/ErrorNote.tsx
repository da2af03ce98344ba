import { useStore } from '@xyflow/react';
import { useId } from 'react';
import { problemBriefOf, problemTextOf } from '../eval/results-store';
import { useEditorState } from '../editor';
import { Icon } from '../icons';
import { labelScale } from './LabelScale';

/**
 * What is wrong with a node: a one-line badge that never makes the node taller than one line (a
 * node that grew with its message covered the node below it), and the whole message in a tip
 * under the node while it is hovered, focused or selected (a tap selects it on a touch screen).
 * The tip is drawn at least as large on screen as an edge label, whatever the zoom.
 */
export function ErrorNote({ id }: { id: string }) {
  const brief = useEditorState((s) => problemBriefOf(s.results, id));
  const text = useEditorState((s) => problemTextOf(s.results, id));
  const scale = useStore((s) => labelScale(s.transform[2]));
  const tipId = useId();
  if (brief === null || text === null) return null;
  return (
    <div className="op-node__error" role="note" aria-describedby={tipId}>
      <Icon name="warning" size={10} />
      <span className="op-node__error-brief">{brief}</span>
      <span className="op-node__error-tip" id={tipId} role="tooltip" style={{ ['--tip-scale' as string]: scale }}>
        {text}
      </span>
    </div>
  );
}
