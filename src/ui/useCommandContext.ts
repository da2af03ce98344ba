import { useReactFlow } from '@xyflow/react';
import { useMemo } from 'react';
import { autoPositions, type Size } from './canvas/dagre-layout';
import { canvasScreenPoint, visibleFlowRect } from './canvas/geometry';
import { LABEL_MIN_ZOOM } from './canvas/label-layer';
import { placeBeside } from './canvas/placement';
import type { CommandContext } from './commands';
import { moveNodes } from './store/edits';
import { editor } from './editor';

const FIT = { padding: 0.2, maxZoom: 1.25, minZoom: LABEL_MIN_ZOOM, duration: 200 };

/** The command context of the mounted editor: React Flow's viewport and the file picker. */
export function useCommandContext(pickFile: () => void): CommandContext {
  const flow = useReactFlow();
  return useMemo(
    () => ({
      fitView: () => void flow.fitView(FIT),
      zoomIn: () => void flow.zoomIn({ duration: 150 }),
      zoomOut: () => void flow.zoomOut({ duration: 150 }),
      autoLayout: () => {
        const { present, flowNodes } = editor.state.doc;
        const sizes = new Map<string, Size>(
          flowNodes.flatMap((n) =>
            n.measured?.width && n.measured.height ? [[n.id, { width: n.measured.width, height: n.measured.height }]] : [],
          ),
        );
        editor.commit('Auto layout', moveNodes(autoPositions(present, sizes)));
        void flow.fitView(FIT);
      },
      // From the keyboard (pointer elsewhere) the search opens, and the node lands, beside the selection.
      quickAddPoint: () => {
        if (editor.pointer.inside) return { x: editor.pointer.x, y: editor.pointer.y };
        const { flowNodes, selectedNodes } = editor.state.doc;
        const fallback = canvasScreenPoint(0.5, 0.33);
        if (selectedNodes.length === 0) return fallback;
        const view = visibleFlowRect(flow.screenToFlowPosition);
        return flow.flowToScreenPosition(placeBeside(flowNodes, selectedNodes, flow.screenToFlowPosition(fallback), view));
      },
      pickFile,
    }),
    [flow, pickFile],
  );
}
