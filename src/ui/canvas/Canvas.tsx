import { Background, BackgroundVariant, Controls, MiniMap, Panel, ReactFlow, useReactFlow } from '@xyflow/react';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useResults } from '../eval/results-store';
import { usePlayback } from '../playback/store';
import { useEditor } from '../store/editor';
import { useUi } from '../store/ui';
import { FormulaBox } from '../toolbar/FormulaBox';
import { LABEL_LAYER_SELECTOR, LabelLayer } from './label-layer';
import { NodeMenu } from './NodeMenu';
import { OpNode } from './OpNode';
import { PlaybackFit } from './PlaybackFit';
import { QuickAdd } from './QuickAdd';
import { useCanvasHandlers } from './useCanvasHandlers';
import { ValueEdge } from './ValueEdge';
import './canvas.css';

const nodeTypes = { op: OpNode };
const edgeTypes = { value: ValueEdge };
const MULTI_SELECT = ['Meta', 'Control'];

/**
 * Applies view requests (a document was opened): its saved viewport, or a fitted view. An empty
 * document gets the plain viewport, since a fit queued for later would jump at the first node.
 */
function ViewRequests() {
  const flow = useReactFlow();
  const request = useUi((s) => s.viewRequest);
  useEffect(() => {
    if (request.seq === 0) return;
    if (request.view) void flow.setViewport(request.view);
    else if (useEditor.getState().present.nodes.length === 0) void flow.setViewport({ x: 0, y: 0, zoom: 1 });
    else void flow.fitView({ padding: 0.2, maxZoom: 1.25 });
  }, [flow, request]);
  return null;
}

export function Canvas() {
  const nodes = useEditor((s) => s.flowNodes);
  const edges = useEditor((s) => s.flowEdges);
  const onNodesChange = useEditor((s) => s.onNodesChange);
  const onEdgesChange = useEditor((s) => s.onEdgesChange);
  const initialView = useEditor.getState().viewport;
  const theme = useUi((s) => s.theme);
  const busy = useResults((s) => s.busy);
  // In playback the canvas is shorter and watched, not navigated: the minimap would cover nodes.
  const inPlayback = usePlayback((s) => s.active);
  const ref = useRef<HTMLElement>(null);
  const h = useCanvasHandlers(ref);
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
    >
      <LabelLayer.Provider value={labelLayer}>
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onConnect={h.onConnect}
          onMoveStart={h.onMoveStart}
          onMoveEnd={h.onMoveEnd}
          onNodeContextMenu={h.onNodeContextMenu}
          onPaneClick={h.onPaneClick}
          defaultViewport={initialView ?? undefined}
          fitView={!initialView}
          fitViewOptions={{ padding: 0.2, maxZoom: 1.25 }}
          minZoom={0.05}
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
          {!inPlayback && <MiniMap pannable zoomable ariaLabel="Minimap" nodeStrokeWidth={3} />}
          <ViewRequests />
          <PlaybackFit />
        </ReactFlow>
      </LabelLayer.Provider>
      <QuickAdd />
      <NodeMenu />
    </main>
  );
}
