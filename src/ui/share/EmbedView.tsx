import { Panel, useReactFlow } from '@xyflow/react';
import { useMemo } from 'react';
import { ReadOnlyGraph } from '../canvas/ReadOnlyGraph';
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
  useEvaluation();
  useThemeAttribute();
  useCommandKeys(useCommandContext(noFiles), EMBED_KEYS);
  return (
    <div className="embed">
      <ReadOnlyGraph label="Graph (read-only)" fit={FIT}>
        <Panel position="top-right">
          <EmbedBar />
        </Panel>
      </ReadOnlyGraph>
      <PlaybackBar modes={false} />
      <ExplainDrawer />
      <Notices />
    </div>
  );
}
