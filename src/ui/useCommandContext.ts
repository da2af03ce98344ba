import { useReactFlow, useStoreApi } from '@xyflow/react';
import { useMemo } from 'react';
import { autoPositions, type Size } from './canvas/dagre-layout';
import { canvasScreenPoint, visibleFlowRect } from './canvas/geometry';
import { fitReadable } from './canvas/fit-readable';
import { placeBeside } from './canvas/placement';
import type { CommandContext } from './commands';
import { moveNodes } from './store/edits';
import { editor } from './editor';

/** Fitting animates this long (ms). */
const FIT_MS = 200;

/** The command context of the mounted editor: React Flow's viewport and the file picker. */
export function useCommandContext(pickFile: () => void): CommandContext {
  const flow = useReactFlow();
  const store = useStoreApi();
  return useMemo(
    () => ({
      fitView: () => void fitReadable(flow, store, FIT_MS),
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
        void fitReadable(flow, store, FIT_MS);
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
    [flow, store, pickFile],
  );
}
