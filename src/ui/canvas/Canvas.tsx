import { Background, BackgroundVariant, Controls, MiniMap, Panel, ReactFlow } from '@xyflow/react';
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { FormulaBox } from '../toolbar/FormulaBox';
import { LABEL_LAYER_SELECTOR, LabelLayer } from './label-layer';
import { READABLE_FIT } from './default-fit';
import { LARGE_GRAPH_NODES, LARGE_MIN_ZOOM, ViewRequests } from './ViewRequests';
import { LabelScale } from './LabelScale';
import { NodeMenu } from './NodeMenu';
import { selectOnKeyboardFocus } from './node-focus';
import { OpNode } from './OpNode';
import { CallFrame } from '../functions/CallFrame';
import { withPlaceholders } from './placeholder';
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
 * A graph with fewer nodes than this has no minimap: it fits on the canvas, and the minimap was a
 * mostly empty box over it.
 */
const MINIMAP_NODES = 16;

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
