import type { GraphDocument } from '../../graph/schema';
import { editor } from '../editor';
import type { Recipe } from '../store/history';
import { expandedView } from './expanded-view';

/** A drawn call node's width, which its frame replaces. */
const CALL_W = 150;

/** How much wider than the call node its frame would be: the room the nodes to its right move over by. */
function room(doc: GraphDocument, id: string): number {
  const open = { ...doc, nodes: doc.nodes.map((n) => (n.id === id ? { ...n, expanded: true } : n)) };
  const w = expandedView(open)?.frames.get(id)?.width;
  return w === undefined ? 0 : Math.max(0, Math.round(w - CALL_W));
}

/**
 * Expands (or collapses) a call: the nodes right of it move over by the frame's extra width (or
 * back), so the frame covers none of them. The same rule both ways, so collapsing undoes expanding.
 */
const shiftRight =
  (id: string, expanded: boolean, by: number): Recipe<GraphDocument> =>
  (d) => {
    const call = d.nodes.find((n) => n.id === id);
    if (!call) return;
    const right = call.position.x + (expanded ? 0 : by);
    const dx = expanded ? by : -by;
    for (const n of d.nodes) if (n.id !== id && n.position.x > right) n.position = { x: n.position.x + dx, y: n.position.y };
    if (expanded) call.expanded = true;
    else delete call.expanded;
  };

/** Shows a call's body in place (one undoable edit with the room it takes), or the call again. */
export function setCallExpanded(id: string, expanded: boolean): void {
  const doc = editor.state.doc.present;
  editor.commit(expanded ? 'Expand call' : 'Collapse call', shiftRight(id, expanded, room(doc, id)));
}
