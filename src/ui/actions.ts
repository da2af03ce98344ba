import type { Connection, XYPosition } from '@xyflow/react';
import { nodeOp } from '../graph/functions';
import { getOp } from '../ops/registry';
import { useResults } from './eval/results-store';
import { checkConnection } from './store/connect';
import { currentDoc, useEditor } from './store/editor';
import { addNodes, connectEdge, makeNode, removeItems, setOutput } from './store/edits';
import { edgeKey } from './store/flow';
import { notify } from './store/ui';

/** Half the size of a fresh node, so a node lands centred where it is dropped. */
export const NODE_HALF = { x: 70, y: 32 };

/** How a node is named in messages: its label (f3) and op, e.g. "f3 (Multiply)". */
export function nodeName(id: string): string {
  const node = currentDoc().nodes.find((n) => n.id === id);
  const label = useResults.getState().byId.get(id)?.label ?? id;
  const title = node ? nodeOp(node, currentDoc().functions)?.title : undefined;
  return title ? `${label} (${title})` : label;
}

/** Adds a node of an op centred at a canvas position, nudged off any node already there; selects it. */
export function addNode(type: string, centre: XYPosition): string {
  const doc = currentDoc();
  const at = { x: centre.x - NODE_HALF.x, y: centre.y - NODE_HALF.y };
  while (doc.nodes.some((n) => Math.abs(n.position.x - at.x) < 8 && Math.abs(n.position.y - at.y) < 8)) {
    at.x += 24;
    at.y += 24;
  }
  const node = makeNode(doc, type, at);
  useEditor.getState().commit(`Add ${getOp(type)?.title ?? type}`, addNodes([node]), { select: [node.id] });
  return node.id;
}

export function deleteSelection(): void {
  const { selectedNodes, selectedEdges, commit } = useEditor.getState();
  if (selectedNodes.length === 0 && selectedEdges.length === 0) return;
  const count = selectedNodes.length + selectedEdges.length;
  commit(count === 1 ? 'Delete' : `Delete ${count} items`, removeItems(new Set(selectedNodes), new Set(selectedEdges)), { select: [] });
}

/**
 * Checks and adds an edge; a refusal is announced with its reason. `allowReplace` is for choosing
 * an input's source explicitly (the inspector): a drag onto an occupied input is refused.
 */
export function connect(c: Connection, allowReplace = false): void {
  if (!c.targetHandle) return;
  const edge = { source: c.source, target: c.target, port: c.targetHandle };
  const check = checkConnection(currentDoc(), edge, nodeName, allowReplace);
  if (!check.ok) {
    notify(`Connection refused: ${check.reason}.`, 'error');
    return;
  }
  useEditor.getState().commit(`Connect ${edge.source} → ${edge.target}.${edge.port}`, connectEdge(edge));
  if (check.replaces)
    notify(`Replaced the edge from ${nodeName(check.replaces.source)} into input "${edge.port}" of ${nodeName(edge.target)}.`);
}

export function setAsOutput(id: string): void {
  useEditor.getState().commit('Set output', setOutput(id));
  notify(`${nodeName(id)} is now the output: gradients are taken with respect to it.`);
}

export function selectAll(): void {
  const { present, select } = useEditor.getState();
  select(
    present.nodes.map((n) => n.id),
    present.edges.map(edgeKey),
  );
}
