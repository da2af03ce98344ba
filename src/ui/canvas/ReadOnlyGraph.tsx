import { Background, BackgroundVariant, ReactFlow, type FitViewOptions } from '@xyflow/react';
import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { editor, useEditorState } from '../editor';
import { LABEL_LAYER_SELECTOR, LabelLayer } from './label-layer';
import { OpNode } from './OpNode';
import { PlaybackFit } from './PlaybackFit';
import { ValueEdge } from './ValueEdge';

const nodeTypes = { op: OpNode };
const edgeTypes = { value: ValueEdge };

interface Props {
  readonly label: string;
  readonly className?: string;
  readonly fit: FitViewOptions;
  /** Drawn inside the flow: panels, and the view keepers a page wants. */
  readonly children?: ReactNode;
}

/**
 * The graph with its values and gradients and nothing to edit (nothing moves, connects, is
 * selected or deleted): the embed view and a student's class view. Refitted when playback starts.
 */
export function ReadOnlyGraph({ label, className = '', fit, children }: Props) {
  const nodes = useEditorState((s) => s.doc.flowNodes);
  const edges = useEditorState((s) => s.doc.flowEdges);
  const theme = useEditorState((s) => s.ui.theme);
  const ref = useRef<HTMLElement>(null);
  const [labelLayer, setLabelLayer] = useState<HTMLElement | null>(null);
  useLayoutEffect(() => setLabelLayer(ref.current?.querySelector<HTMLElement>(LABEL_LAYER_SELECTOR) ?? null), []);
  return (
    <main ref={ref} className={`canvas ${className}`.trim()} aria-label={label}>
      <LabelLayer.Provider value={labelLayer}>
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodesChange={editor.onNodesChange}
          nodesDraggable={false}
          nodesConnectable={false}
          nodesFocusable={false}
          edgesFocusable={false}
          elementsSelectable={false}
          deleteKeyCode={null}
          fitView
          fitViewOptions={fit}
          minZoom={0.05}
          maxZoom={4}
          colorMode={theme}
        >
          <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
          {children}
          <PlaybackFit />
        </ReactFlow>
      </LabelLayer.Provider>
    </main>
  );
}
