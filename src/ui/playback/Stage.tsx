import { Canvas } from '../canvas/Canvas';
import { ExplainDrawer } from '../explain/ExplainDrawer';
import { PlaybackBar } from './PlaybackBar';

/** The canvas with the playback bar and the explanation panel beneath it. */
export function Stage() {
  return (
    <div className="stage">
      <Canvas />
      <PlaybackBar />
      <ExplainDrawer />
    </div>
  );
}
