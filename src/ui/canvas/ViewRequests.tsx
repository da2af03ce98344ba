import { getViewportForBounds, useReactFlow, useStoreApi } from '@xyflow/react';
import { useEffect } from 'react';
import { editor, useEditorState } from '../editor';
import { READABLE_FIT } from './default-fit';
import { fitReadable } from './fit-readable';
import { NODE_H, NODE_W } from './placeholder';

/**
 * A graph with more nodes than this is "large". React Flow draws only the nodes in view, but at
 * the smallest zoom a dense 20,000-node graph puts thousands in view, and drawing them froze the
 * page for most of a minute. So a large graph opens on its first nodes and cannot be zoomed out
 * past LARGE_MIN_ZOOM (a few hundred nodes in view at the usual spacing). Its nodes not drawn yet
 * get placeholder geometry, so React Flow does not draw every one of them once (withPlaceholders).
 * Its minimap is left out: it mounts one component per node but draws only the measured ones
 * (those that were on screen), so it is nearly empty, and mounting it made React's commit quadratic.
 */
export const LARGE_GRAPH_NODES = 2000;
export const LARGE_MIN_ZOOM = 0.25;
/** How many nodes (in document order, inputs first as usual) a large graph opens on. */
const LARGE_FIRST_VIEW = 40;
const MARGIN = 40;

/**
 * Applies view requests (a document was opened): its saved viewport, or a fitted view. An empty
 * document gets the plain viewport, since a fit queued for later would jump at the first node.
 */
export function ViewRequests() {
  const flow = useReactFlow();
  const store = useStoreApi();
  const request = useEditorState((s) => s.ui.viewRequest);
  useEffect(() => {
    if (request.seq === 0) return;
    if (request.view) void flow.setViewport(request.view);
    else if (editor.state.doc.present.nodes.length === 0) void flow.setViewport({ x: 0, y: 0, zoom: 1 });
    else if (editor.state.doc.present.nodes.length > LARGE_GRAPH_NODES) {
      // From document positions: the nodes off screen have never been measured, so fitView cannot place them.
      const first = editor.state.doc.present.nodes.slice(0, LARGE_FIRST_VIEW);
      let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
      for (const { position: p } of first)
        [x0, y0, x1, y1] = [Math.min(x0, p.x), Math.min(y0, p.y), Math.max(x1, p.x + NODE_W), Math.max(y1, p.y + NODE_H)];
      const { width, height } = store.getState();
      const v = getViewportForBounds(
        { x: x0, y: y0, width: x1 - x0, height: y1 - y0 },
        width,
        height,
        LARGE_MIN_ZOOM,
        READABLE_FIT.maxZoom,
        READABLE_FIT.padding,
      );
      // Too spread out to fit even at the smallest zoom: start at their top-left corner instead of their middle.
      const fits = (x1 - x0) * v.zoom <= width && (y1 - y0) * v.zoom <= height;
      void flow.setViewport(fits ? v : { x: MARGIN - x0 * v.zoom, y: MARGIN - y0 * v.zoom, zoom: v.zoom });
    } else void fitReadable(flow, store);
  }, [flow, store, request]);
  return null;
}
