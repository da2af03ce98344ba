import type { GraphNode } from '../../graph/schema';
import { useEditorState } from '../editor';
import { setCallExpanded } from './expand';

/** A call node's definition, and the switch between the call as one step and its body step by step. */
export function CallControls({ node }: { node: GraphNode }) {
  const def = useEditorState((s) => s.doc.present.functions?.find((f) => f.name === node.params?.fn));
  if (!def) return null;
  const expanded = node.expanded === true;
  return (
    <div className="call-controls">
      <p>
        <code>
          {def.name}({def.args.join(', ')}) = {def.body}
        </code>
      </p>
      <button type="button" className="button" aria-pressed={expanded} onClick={() => setCallExpanded(node.id, !expanded)}>
        {expanded ? 'Collapse: one step' : 'Expand: step through the body'}
      </button>
      <p className="muted">
        {expanded
          ? `The body's nodes take this call's number and the ones after it, in the body's own order. They are a read-only view: edit ${def.name} in the Functions panel.`
          : `One step: its local derivatives are the chain rule through the body.`}
      </p>
    </div>
  );
}
