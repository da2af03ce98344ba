import { useReactFlow, type Connection, type OnMoveEnd, type Viewport } from '@xyflow/react';
import { useCallback, useMemo } from 'react';
import { openFile } from '../files';
import { OP_MIME } from '../ops-search';
import type { OpFlowNode } from '../store/flow';
import { editor } from '../editor';

const hasType = (e: React.DragEvent, type: string) => Array.from(e.dataTransfer.types).includes(type);

/** Event handlers of the canvas: dropping ops and files, connecting, menus, the viewport. */
export function useCanvasHandlers(canvas: React.RefObject<HTMLElement | null>) {
  const flow = useReactFlow<OpFlowNode>();
  const onDragOver = useCallback((e: React.DragEvent) => {
    if (!hasType(e, OP_MIME) && !hasType(e, 'Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);
  const onDrop = useCallback(
    (e: React.DragEvent) => {
      const type = e.dataTransfer.getData(OP_MIME);
      const file = e.dataTransfer.files[0];
      if (!type && !file) return;
      e.preventDefault();
      if (type) editor.addNode(type, flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }));
      else void openFile(file);
    },
    [flow],
  );
  const onDoubleClick = useCallback((e: React.MouseEvent) => {
    const t = e.target as HTMLElement;
    if (t.closest('.react-flow__pane') && !t.closest('.react-flow__node, .react-flow__edge, .react-flow__panel')) {
      editor.set('ui', { quickAdd: { x: e.clientX, y: e.clientY }, menu: null });
    }
  }, []);
  const onPointerMove = useCallback((e: React.PointerEvent) => {
    editor.pointer = { x: e.clientX, y: e.clientY, inside: true };
  }, []);
  const onPointerLeave = useCallback(() => {
    editor.pointer = { ...editor.pointer, inside: false };
  }, []);
  const onNodeContextMenu = useCallback((e: React.MouseEvent, node: OpFlowNode) => {
    e.preventDefault();
    editor.set('ui', { menu: { nodeId: node.id, x: e.clientX, y: e.clientY }, quickAdd: null });
  }, []);
  const onPaneClick = useCallback(() => editor.set('ui', { menu: null, quickAdd: null }), []);
  const onConnect = useCallback((c: Connection) => editor.connect(c), []);
  // While the view moves, the canvas is one composited layer that nothing hit-tests: a pan then
  // moves pixels instead of repainting and hit-testing every node and label on each frame.
  const onMoveStart = useCallback(
    (e: MouseEvent | TouchEvent | null) => {
      if (e) canvas.current?.classList.add('canvas--moving');
    },
    [canvas],
  );
  const onMoveEnd: OnMoveEnd = useCallback(
    (_e: unknown, v: Viewport) => {
      canvas.current?.classList.remove('canvas--moving');
      editor.setViewport(v);
    },
    [canvas],
  );
  return useMemo(
    () => ({
      onDragOver,
      onDrop,
      onDoubleClick,
      onPointerMove,
      onPointerLeave,
      onNodeContextMenu,
      onPaneClick,
      onConnect,
      onMoveStart,
      onMoveEnd,
    }),
    [onDragOver, onDrop, onDoubleClick, onPointerMove, onPointerLeave, onNodeContextMenu, onPaneClick, onConnect, onMoveStart, onMoveEnd],
  );
}
