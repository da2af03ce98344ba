import { Background, BackgroundVariant, Panel, ReactFlow, useReactFlow } from '@xyflow/react';
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { LABEL_LAYER_SELECTOR, LabelLayer } from '../canvas/label-layer';
import { OpNode } from '../canvas/OpNode';
import { PlaybackFit } from '../canvas/PlaybackFit';
import { ValueEdge } from '../canvas/ValueEdge';
import { ExplainDrawer } from '../explain/ExplainDrawer';
import { useEvaluation, useThemeAttribute } from '../hooks';
import { useCommandKeys } from '../keyboard';
import { Notices } from '../panels/Notices';
import { PlaybackBar } from '../playback/PlaybackBar';
import { Icon } from '../icons';
import { useCommandContext } from '../useCommandContext';
import { shareUrl } from './link';
import { editor, useEditorState } from '../editor';
import './share.css';

const nodeTypes = { op: OpNode };
const edgeTypes = { value: ValueEdge };
const FIT = { padding: 0.15, maxZoom: 1.25 };
/** The shortcuts that work in the embed: playback and the view, nothing that edits. */
const EMBED_KEYS: ReadonlySet<string> = new Set(['play', 'step-forward', 'step-back', 'playback-reset', 'fit', 'zoom-in', 'zoom-out']);
const noFiles = () => undefined;

function EmbedBar() {
  const flow = useReactFlow();
  const dark = useEditorState((s) => s.ui.theme === 'dark');
  const doc = useEditorState((s) => s.doc.present);
  const href = useMemo(() => shareUrl(doc), [doc]);
  return (
    <div className="embed__bar">
      <button
        type="button"
        className="tool"
        aria-label="Fit view"
        title="Fit view"
        onClick={() => void flow.fitView({ ...FIT, duration: 200 })}
      >
        <Icon name="fit" />
      </button>
      {/* The theme is not saved from an embed: it must not change the reader's own editor. */}
      <button
        type="button"
        className="tool"
        aria-label="Toggle light/dark theme"
        aria-pressed={dark}
        title="Toggle light/dark theme"
        onClick={() => editor.set('ui', { theme: dark ? 'light' : 'dark' })}
      >
        <Icon name="theme" />
      </button>
      <a className="embed__open" href={href} target="_blank" rel="noopener noreferrer">
        Open in Backprop Studio
      </a>
    </div>
  );
}

/**
 * The embed view for course pages: the graph with its values and gradients and the backprop
 * playback under it, read-only (nothing moves, connects or is deleted), no editing panels, and
 * nothing written to the reader's storage.
 */
export function EmbedView() {
  const nodes = useEditorState((s) => s.doc.flowNodes);
  const edges = useEditorState((s) => s.doc.flowEdges);
  const theme = useEditorState((s) => s.ui.theme);
  const ref = useRef<HTMLElement>(null);
  const [labelLayer, setLabelLayer] = useState<HTMLElement | null>(null);
  useEvaluation();
  useThemeAttribute();
  useCommandKeys(useCommandContext(noFiles), EMBED_KEYS);
  useLayoutEffect(() => setLabelLayer(ref.current?.querySelector<HTMLElement>(LABEL_LAYER_SELECTOR) ?? null), []);
  return (
    <div className="embed">
      <main ref={ref} className="canvas" aria-label="Graph (read-only)">
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
            fitViewOptions={FIT}
            minZoom={0.05}
            maxZoom={4}
            colorMode={theme}
          >
            <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
            <Panel position="top-right">
              <EmbedBar />
            </Panel>
            <PlaybackFit />
          </ReactFlow>
        </LabelLayer.Provider>
      </main>
      <PlaybackBar modes={false} />
      <ExplainDrawer />
      <Notices />
    </div>
  );
}
