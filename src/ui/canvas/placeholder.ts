import { Position } from '@xyflow/react';
import type { GraphDocument, GraphNode } from '../../graph/schema';
import { nodePorts } from '../../ops/registry';
import { nodeIndex, OUT_HANDLE, type OpFlowNode } from '../store/flow';

/** A typical drawn node, for nodes not drawn yet. */
export const NODE_W = 150;
export const NODE_H = 70;

type Handles = NonNullable<OpFlowNode['handles']>;

const handleCache = new Map<string, Handles>();

/** The handles a node will have, roughly placed: inputs down the left side, the output on the right. */
function handlesFor(node: { readonly op: string; readonly params?: GraphNode['params'] } | undefined): Handles {
  const inputs = node ? nodePorts(node) : [];
  // Keyed by the port names too: a concat of 3 has one handle more than one of 2.
  const key = `${node?.op ?? ''}:${inputs.map((p) => p.name).join(',')}`;
  let handles = handleCache.get(key);
  if (!handles) {
    handles = [
      ...inputs.map((p, j) => ({
        id: p.name,
        type: 'target' as const,
        position: Position.Left,
        x: 0,
        y: ((j + 1) * NODE_H) / (inputs.length + 1),
      })),
      { id: OUT_HANDLE, type: 'source' as const, position: Position.Right, x: NODE_W, y: NODE_H / 2 },
    ];
    handleCache.set(key, handles);
  }
  return handles;
}

const placed = new WeakMap<OpFlowNode, OpFlowNode>();

/**
 * React Flow draws every node it has not measured once, even with onlyRenderVisibleElements, to
 * find its handles: for a 20,000-node graph that is 20,000 nodes mounted and unmounted on opening.
 * Giving a node that was never measured a size and its handles lets React Flow skip the ones out
 * of view; once drawn, a node is measured and passed on unchanged, so its real handles are kept.
 */
export function withPlaceholders(nodes: OpFlowNode[], doc: GraphDocument): OpFlowNode[] {
  const index = nodeIndex(doc);
  return nodes.map((n) => {
    if (n.measured?.width) return n;
    let p = placed.get(n);
    if (!p) {
      p = { ...n, initialWidth: NODE_W, initialHeight: NODE_H, handles: handlesFor(index.get(n.id)) };
      placed.set(n, p);
    }
    return p;
  });
}
