import { useEffect } from 'react';
import { Canvas } from '../canvas/Canvas';
import { ExplainDrawer } from '../explain/ExplainDrawer';
import { useEditor } from '../store/editor';
import { refreshPlayback } from './controller';
import { PlaybackBar } from './PlaybackBar';

/** Keeps playback on the current document: an edit gives a new trace. */
function usePlaybackSync(): void {
  useEffect(
    () =>
      useEditor.subscribe((s, prev) => {
        if (s.present !== prev.present) refreshPlayback();
      }),
    [],
  );
}

/** The canvas with the playback bar and the explanation panel beneath it. */
export function Stage() {
  usePlaybackSync();
  return (
    <div className="stage">
      <Canvas />
      <PlaybackBar />
      <ExplainDrawer />
    </div>
  );
}
