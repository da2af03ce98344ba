import type { Rect, Viewport } from '@xyflow/react';
import { LABEL_MIN_ZOOM } from './label-layer';
import { NODE_H, NODE_W } from './placeholder';

/** Pixels between the canvas edge and a graph shown from its top-left corner. */
const MARGIN = 40;

/** The fitted view: the whole graph, but never below the zoom at which edge labels are drawn. */
export const READABLE_FIT = { padding: 0.2, maxZoom: 1.25, minZoom: LABEL_MIN_ZOOM };

interface Placed {
  readonly position: { readonly x: number; readonly y: number };
  readonly measured?: { readonly width?: number; readonly height?: number };
}

/**
 * The nodes' bounds from their positions and, where React Flow has measured them, their sizes;
 * a typical size otherwise. React Flow draws (and measures) only the nodes in view, so its own
 * bounds leave out every node that was off screen when a document was opened.
 */
export function placedBounds(nodes: readonly Placed[]): Rect {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const { position: p, measured: m } of nodes) {
    x0 = Math.min(x0, p.x);
    y0 = Math.min(y0, p.y);
    x1 = Math.max(x1, p.x + (m?.width || NODE_W));
    y1 = Math.max(y1, p.y + (m?.height || NODE_H));
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/**
 * A view fitted at the readable zoom floor is centred on the graph, so a graph wider (or taller)
 * than the canvas at that zoom loses both ends. Reading starts at the inputs, on the left: such a
 * graph is shown from its left (top) edge instead, and what fits stays centred.
 */
export function anchorReadable(bounds: Rect, view: Viewport, width: number, height: number): Viewport {
  const { zoom } = view;
  const x = bounds.width * zoom + 2 * MARGIN > width ? MARGIN - bounds.x * zoom : view.x;
  const y = bounds.height * zoom + 2 * MARGIN > height ? MARGIN - bounds.y * zoom : view.y;
  return { x, y, zoom };
}
