import {
  Background,
  BackgroundVariant,
  Controls,
  getViewportForBounds,
  MiniMap,
  Panel,
  ReactFlow,
  useReactFlow,
  useStoreApi,
} from '@xyflow/react';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { FormulaBox } from '../toolbar/FormulaBox';
import { LABEL_LAYER_SELECTOR, LabelLayer } from './label-layer';
import { READABLE_FIT } from './default-fit';
import { fitReadable } from './fit-readable';
import { LabelScale } from './LabelScale';
import { NodeMenu } from './NodeMenu';
import { selectOnKeyboardFocus } from './node-focus';
import { OpNode } from './OpNode';
import { CallFrame } from '../functions/CallFrame';
import { NODE_H, NODE_W, withPlaceholders } from './placeholder';
import { PlaybackFit } from './PlaybackFit';
import { StepInView } from './StepInView';
import { QuickAdd } from './QuickAdd';
import { useCanvasHandlers } from './useCanvasHandlers';
import { LabelTip } from './LabelTip';
import { useTouchGestures } from './useTouchGestures';
import { ValueEdge } from './ValueEdge';
import { editor, useEditorState } from '../editor';
import './canvas.css';

const nodeTypes = { op: OpNode, frame: CallFrame };
const edgeTypes = { value: ValueEdge };
const MULTI_SELECT = ['Meta', 'Control'];

/**
 * A graph with more nodes than this is "large". React Flow draws only the nodes in view, but at
 * the smallest zoom a dense 20,000-node graph puts thousands in view, and drawing them froze the
 * page for most of a minute. So a large graph opens on its first nodes and cannot be zoomed out
 * past LARGE_MIN_ZOOM (a few hundred nodes in view at the usual spacing). Its nodes not drawn yet
 * get placeholder geometry, so React Flow does not draw every one of them once (withPlaceholders).
 * Its minimap is left out: it mounts one component per node but draws only the measured ones
 * (those that were on screen), so it is nearly empty, and mounting it made React's commit quadratic.
 */
const LARGE_GRAPH_NODES = 2000;
const LARGE_MIN_ZOOM = 0.25;
/** How many nodes (in document order, inputs first as usual) a large graph opens on. */
const LARGE_FIRST_VIEW = 40;
const MARGIN = 40;
/**
 * A graph with fewer nodes than this has no minimap: it fits on the canvas, and the minimap was a
 * mostly empty box over it.
 */
const MINIMAP_NODES = 16;

/**
 * Applies view requests (a document was opened): its saved viewport, or a fitted view. An empty
 * document gets the plain viewport, since a fit queued for later would jump at the first node.
 */
function ViewRequests() {
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

export function Canvas() {
  const nodes = useEditorState((s) => s.doc.flowNodes);
  const edges = useEditorState((s) => s.doc.flowEdges);
  const initialView = editor.state.doc.viewport;
  const theme = useEditorState((s) => s.ui.theme);
  const busy = useEditorState((s) => s.results.busy);
  // In playback the canvas is shorter and watched, not navigated: the minimap would cover nodes.
  const inPlayback = useEditorState((s) => s.playback.active);
  const large = useEditorState((s) => s.doc.present.nodes.length > LARGE_GRAPH_NODES);
  const small = useEditorState((s) => s.doc.present.nodes.length < MINIMAP_NODES);
  const drawn = useMemo(() => (large ? withPlaceholders(nodes, editor.state.doc.present) : nodes), [large, nodes]);
  const ref = useRef<HTMLElement>(null);
  const h = useCanvasHandlers(ref);
  useTouchGestures(ref);
  const [labelLayer, setLabelLayer] = useState<HTMLElement | null>(null);
  useLayoutEffect(() => setLabelLayer(ref.current?.querySelector<HTMLElement>(LABEL_LAYER_SELECTOR) ?? null), []);
  return (
    <main
      ref={ref}
      className="canvas"
      aria-label="Graph canvas"
      aria-busy={busy}
      onDragOver={h.onDragOver}
      onDrop={h.onDrop}
      onDoubleClick={h.onDoubleClick}
      onPointerMove={h.onPointerMove}
      onPointerLeave={h.onPointerLeave}
      onFocus={selectOnKeyboardFocus}
    >
      <LabelLayer.Provider value={labelLayer}>
        <ReactFlow
          nodes={drawn}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodesChange={editor.onNodesChange}
          onEdgesChange={editor.onEdgesChange}
          onConnect={h.onConnect}
          onMoveStart={h.onMoveStart}
          onMoveEnd={h.onMoveEnd}
          onNodeContextMenu={h.onNodeContextMenu}
          onPaneClick={h.onPaneClick}
          defaultViewport={initialView ?? undefined}
          fitView={!initialView}
          fitViewOptions={READABLE_FIT}
          minZoom={large ? LARGE_MIN_ZOOM : 0.05}
          maxZoom={4}
          deleteKeyCode={null}
          zoomOnDoubleClick={false}
          selectionKeyCode="Shift"
          multiSelectionKeyCode={MULTI_SELECT}
          colorMode={theme}
          // Space plays and pauses backprop; dragging the pane pans anyway.
          panActivationKeyCode={null}
          onlyRenderVisibleElements
        >
          <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
          <Panel position="top-center">
            <FormulaBox />
          </Panel>
          <Controls showInteractive={false} />
          {!inPlayback && !large && !small && <MiniMap pannable zoomable ariaLabel="Minimap" nodeStrokeWidth={3} />}
          <ViewRequests />
          <PlaybackFit />
          <StepInView />
          <LabelScale />
        </ReactFlow>
      </LabelLayer.Provider>
      <QuickAdd />
      <NodeMenu />
      <LabelTip />
    </main>
  );
}
