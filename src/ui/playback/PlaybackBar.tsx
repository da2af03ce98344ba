import { PlaybackIcon } from './icons';
import { ForwardControls, ModeSelect, SpeedSelect, TrainingControls } from './ModeControls';
import { PredictField } from './PredictField';
import { StreamProgress } from './StreamProgress';
import { TransportGroup } from './Transport';
import { editor, useEditorState } from '../editor';
import './playback.css';

function Scrubber() {
  const active = useEditorState((s) => s.playback.active);
  const step = useEditorState((s) => s.playback.step);
  const length = useEditorState((s) => s.playback.timeline?.length ?? 0);
  const forwardCount = useEditorState((s) => s.playback.timeline?.forwardCount ?? 0);
  const at = active ? step : length;
  const pass = step === 0 ? 'nothing computed yet' : step <= forwardCount ? 'forward pass' : 'backward pass';
  return (
    <>
      <input
        type="range"
        className="playback__scrubber"
        aria-label="Step"
        min={0}
        max={Math.max(1, length)}
        step={1}
        value={active ? at : Math.max(1, length)}
        disabled={!active}
        aria-valuetext={active ? `Step ${step} of ${length}, ${pass}` : 'Every value shown'}
        onChange={(e) => editor.playback.seek(Number(e.target.value))}
      />
      <span className="playback__position" data-testid="playback-position">
        {active ? `${step} / ${length}` : 'all shown'}
      </span>
    </>
  );
}

function Options() {
  const predict = useEditorState((s) => s.playback.predict);
  return (
    <>
      <SpeedSelect />
      <label className="playback__field">
        <input type="checkbox" checked={predict} onChange={(e) => editor.playback.setPredict(e.target.checked)} /> Predict
      </label>
    </>
  );
}

/**
 * Plays the step trace on the canvas: the forward pass, the backward pass or both, one step per
 * node, with a scrubber over all the steps; or, chosen by the mode, forward mode's tangents or
 * optimizer steps. Every step is announced in a polite live region. `modes` off (the read-only
 * embed) leaves reverse mode only: training edits the document.
 */
export function PlaybackBar({ modes = true }: { modes?: boolean }) {
  const mode = useEditorState((s) => (modes ? s.playback.mode : 'reverse'));
  const active = useEditorState((s) => s.playback.active);
  const playing = useEditorState((s) => s.playback.playing);
  const predict = useEditorState((s) => s.playback.predict);
  const announcement = useEditorState((s) => s.playback.announcement);
  const explainOpen = useEditorState((s) => s.explain.open);
  return (
    <section className={predict && active ? 'playback playback--predict' : `playback playback--${mode}`} aria-label="Backprop playback">
      <div className="playback__row">
        {modes && <ModeSelect />}
        {mode === 'reverse' && (
          <>
            <div className="playback__group" role="group" aria-label="Passes">
              <button type="button" className="button playback__pass playback__pass--fwd" onClick={() => editor.playback.play('forward')}>
                <PlaybackIcon name="forward" /> Forward
              </button>
              <button type="button" className="button playback__pass playback__pass--bwd" onClick={() => editor.playback.play('backward')}>
                <PlaybackIcon name="backward" /> Backward
              </button>
            </div>
            <TransportGroup playing={playing} />
            <Scrubber />
            <StreamProgress />
            <Options />
          </>
        )}
        {mode === 'forward' && <ForwardControls />}
        {mode === 'training' && <TrainingControls />}
        <span className="playback__spacer" />
        {active && (
          <button
            type="button"
            className="button playback__exit"
            onClick={() => editor.playback.exit()}
            title="Leave playback: every value shows again"
          >
            <PlaybackIcon name="exit" /> Show all
          </button>
        )}
        <button
          type="button"
          className="tool playback__tool"
          aria-label="Explanation"
          title="Show or hide the explanation"
          aria-expanded={explainOpen}
          aria-controls="explain-panel"
          onClick={() => editor.explain.setOpen(!explainOpen)}
        >
          <PlaybackIcon name="explain" />
        </button>
      </div>
      {predict && active && <PredictField />}
      <p className="sr-only" aria-live="polite" data-testid="playback-announcer">
        {announcement}
      </p>
    </section>
  );
}
