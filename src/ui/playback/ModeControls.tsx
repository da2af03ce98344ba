import { editor, useEditorState } from '../editor';
import { setForwardTarget } from '../forward/actions';
import { forwardView } from '../forward/view';
import { NumberField } from '../panels/NumberField';
import { PlaybackIcon } from './icons';
import { PLAY_MODES, SPEEDS, type PlayMode, type Speed } from './store';
import { trainableParams } from './train-step';
import { TransportGroup } from './Transport';
import './modes.css';

const MODE_LABELS: Record<PlayMode, string> = { reverse: 'Reverse mode', forward: 'Forward mode', training: 'Training' };

export function ModeSelect() {
  const mode = useEditorState((s) => s.playback.mode);
  return (
    <label className="playback__field" title="What the bar steps: backprop, tangents in forward mode, or optimizer steps">
      <span className="sr-only">Playback mode</span>
      <select value={mode} onChange={(e) => editor.playback.setMode(e.target.value as PlayMode)}>
        {PLAY_MODES.map((m) => (
          <option key={m} value={m}>
            {MODE_LABELS[m]}
          </option>
        ))}
      </select>
    </label>
  );
}

export function SpeedSelect() {
  const speed = useEditorState((s) => s.playback.speed);
  return (
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
  );
}

/** The forward-mode view the bar and its explanation read: the same one as the forward panel's. */
export function useForwardView() {
  const doc = useEditorState((s) => s.doc.present);
  const target = useEditorState((s) => s.forward.target);
  const element = useEditorState((s) => s.forward.element);
  const notation = useEditorState((s) => s.notation.notation);
  const stream = useEditorState((s) => s.tangentStream);
  return forwardView(doc, { target, element, notation }, stream);
}

/** Forward mode: the target x, the transport over ḟ1..ḟn and a scrubber. */
export function ForwardControls() {
  const { view } = useForwardView();
  const step = useEditorState((s) => s.forward.step);
  const playing = useEditorState((s) => s.playback.playing);
  const n = view?.steps.length ?? 0;
  const x = view ? view.plan.ids[view.target.node] : '';
  return (
    <>
      <label className="playback__field">
        <span className="sr-only">Forward mode with respect to</span>
        <span aria-hidden="true">d/d</span>
        <select aria-label="Forward mode with respect to" value={x} disabled={!view} onChange={(e) => setForwardTarget(e.target.value)}>
          {view?.choices.map((c) => (
            <option key={c.id} value={c.id}>
              {c.text}
            </option>
          ))}
        </select>
      </label>
      <TransportGroup playing={playing} />
      <input
        type="range"
        className="playback__scrubber"
        aria-label="Tangent step"
        min={0}
        max={Math.max(1, n)}
        step={1}
        value={step ?? n}
        disabled={!view}
        aria-valuetext={step === null ? 'Every tangent shown' : `Tangent step ${step} of ${n}`}
        onChange={(e) => editor.playback.forward.seek(Number(e.target.value))}
      />
      <span className="playback__position" data-testid="playback-position">
        {step === null ? 'all shown' : `ḟ ${step} / ${n}`}
      </span>
      <SpeedSelect />
      {step !== null && (
        <button
          type="button"
          className="button playback__exit"
          onClick={() => editor.playback.forward.stop()}
          title="Every tangent shows again"
        >
          <PlaybackIcon name="exit" /> Show all
        </button>
      )}
    </>
  );
}

/** Training: the parameter written out, the steps of a run, and Run / Pause / Step one / Reset. */
export function TrainingControls() {
  const doc = useEditorState((s) => s.doc.present);
  const chosen = useEditorState((s) => s.trainPlay.param);
  const element = useEditorState((s) => s.trainPlay.element);
  const canReset = useEditorState((s) => s.trainPlay.origin !== null && s.trainPlay.opened === s.doc.opened);
  const playing = useEditorState((s) => s.playback.playing);
  const steps = useEditorState((s) => s.runs.form.steps);
  const params = trainableParams(doc);
  const param = params.find((p) => p.id === chosen) ?? params[0];
  return (
    <>
      <label className="playback__field">
        <span>θ</span>
        <select
          aria-label="Parameter written out"
          value={param?.id ?? ''}
          disabled={!param}
          onChange={(e) => editor.playback.training.choose(e.target.value)}
        >
          {params.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      {param && param.size > 1 && (
        <span className="playback__field">
          <span aria-hidden="true">element</span>
          <NumberField
            compact
            label="Element"
            integer
            min={0}
            value={Math.min(element, param.size - 1)}
            onCommit={(v) => editor.playback.training.choose(param.id, Math.min(v, param.size - 1))}
          />
        </span>
      )}
      <div className="playback__group" role="group" aria-label="Training steps">
        {playing ? (
          <button type="button" className="button playback__pass" onClick={() => editor.playback.training.pause()}>
            <PlaybackIcon name="pause" /> Pause
          </button>
        ) : (
          <button type="button" className="button playback__pass" disabled={!param} onClick={() => editor.playback.training.run(steps)}>
            <PlaybackIcon name="play" /> Run {steps} steps
          </button>
        )}
        <button type="button" className="button playback__pass" disabled={!param} onClick={() => editor.playback.training.stepOne()}>
          <PlaybackIcon name="stepForward" /> Step one
        </button>
        <button type="button" className="button playback__pass" disabled={!canReset} onClick={() => editor.playback.training.reset()}>
          <PlaybackIcon name="reset" /> Reset
        </button>
      </div>
      <span className="playback__field">
        <span aria-hidden="true">N</span>
        <NumberField
          compact
          label="Steps to run"
          integer
          min={1}
          value={steps}
          onCommit={(v) => editor.set('runs', (s) => ({ form: { ...s.form, steps: v } }))}
        />
      </span>
      <span className="playback__position" data-testid="training-position">
        step {doc.training?.steps ?? 0}
      </span>
      <SpeedSelect />
    </>
  );
}
