import { useReactFlow } from '@xyflow/react';
import { useMemo } from 'react';
import { autoPositions, type Size } from './canvas/dagre-layout';
import { canvasScreenPoint } from './canvas/geometry';
import type { CommandContext } from './commands';
import { moveNodes } from './store/edits';
import { editor } from './editor';

const FIT = { padding: 0.2, maxZoom: 1.25, duration: 200 };

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
      quickAddPoint: () => (editor.pointer.inside ? { x: editor.pointer.x, y: editor.pointer.y } : canvasScreenPoint(0.5, 0.33)),
      pickFile,
    }),
    [flow, pickFile],
  );
}
