import { COMMANDS } from '../commands';
import { ariaKeys } from '../keyboard';
import { PlaybackIcon, type PlaybackIconName } from './icons';
import { PredictField } from './PredictField';
import { SPEEDS, type Speed } from './store';
import { editor, useEditorState } from '../editor';
import './playback.css';

const KEY_NAMES: Record<string, string> = { Space: 'Space', ArrowRight: '→', ArrowLeft: '←', Home: 'Home' };

/** A transport button, with the shortcut of its command from the command list. */
function Transport({
  command,
  icon,
  label,
  onClick,
  disabled,
}: {
  command: string;
  icon: PlaybackIconName;
  label: string;
  onClick: () => void;
  disabled?: boolean;
}) {
  const keys = COMMANDS.find((c) => c.id === command)?.keys ?? [];
  return (
    <button
      type="button"
      className="tool playback__tool"
      aria-label={label}
      title={keys.length ? `${label} (${keys.map((k) => KEY_NAMES[k] ?? k).join(' or ')})` : label}
      aria-keyshortcuts={keys.map(ariaKeys).join(' ') || undefined}
      onClick={onClick}
      disabled={disabled}
    >
      <PlaybackIcon name={icon} />
    </button>
  );
}

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
  const speed = useEditorState((s) => s.playback.speed);
  const predict = useEditorState((s) => s.playback.predict);
  return (
    <>
      <label className="playback__field" title="Playback speed">
        <span className="sr-only">Speed</span>
        <select value={speed} onChange={(e) => editor.playback.setSpeed(Number(e.target.value) as Speed)}>
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      <label className="playback__field">
        <input type="checkbox" checked={predict} onChange={(e) => editor.playback.setPredict(e.target.checked)} /> Predict
      </label>
    </>
  );
}

/**
 * Plays the step trace on the canvas: the forward pass, the backward pass or both, one step per
 * node, with a scrubber over all the steps. Every step is announced in a polite live region.
 */
export function PlaybackBar() {
  const active = useEditorState((s) => s.playback.active);
  const playing = useEditorState((s) => s.playback.playing);
  const predict = useEditorState((s) => s.playback.predict);
  const announcement = useEditorState((s) => s.playback.announcement);
  const explainOpen = useEditorState((s) => s.explain.open);
  return (
    <section className={predict && active ? 'playback playback--predict' : 'playback'} aria-label="Backprop playback">
      <div className="playback__row">
        <div className="playback__group" role="group" aria-label="Passes">
          <button type="button" className="button playback__pass playback__pass--fwd" onClick={() => editor.playback.play('forward')}>
            <PlaybackIcon name="forward" /> Forward
          </button>
          <button type="button" className="button playback__pass playback__pass--bwd" onClick={() => editor.playback.play('backward')}>
            <PlaybackIcon name="backward" /> Backward
          </button>
        </div>
        <div className="playback__group" role="group" aria-label="Steps">
          <Transport command="playback-reset" icon="reset" label="Reset" onClick={() => editor.playback.rewind()} />
          <Transport command="step-back" icon="stepBack" label="Step back" onClick={() => editor.playback.stepBack()} />
          {playing ? (
            <Transport command="play" icon="pause" label="Pause" onClick={() => editor.playback.pause()} />
          ) : (
            <Transport command="play" icon="play" label="Play" onClick={() => editor.playback.play('all')} />
          )}
          <Transport command="step-forward" icon="stepForward" label="Step forward" onClick={() => editor.playback.stepForward()} />
        </div>
        <Scrubber />
        <Options />
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
