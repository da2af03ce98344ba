import { timeout, type Timer } from 'd3';
import type { Editor } from '../editor/Editor';
import { forwardView, type ForwardView } from '../forward/view';
import { STEP_MS } from './store';

/**
 * Forward mode in the playback bar: steps the tangents ḟ1..ḟn in numbering order. The step count
 * is the forward slice's `step` (the edges show the tangents of the steps run); the bar's play
 * state is the playback slice's `playing`.
 */
export class ForwardPlay {
  private timer: Timer | null = null;

  constructor(private readonly editor: Editor) {}

  /** The tangents of the current document and target, or null (with the reason announced). */
  view(): ForwardView | null {
    const { doc, forward, notation, tangentStream } = this.editor.state;
    const key = { target: forward.target, element: forward.element, notation: notation.notation };
    const { view, problem } = forwardView(doc.present, key, tangentStream);
    if (!view) this.editor.set('playback', { announcement: problem ?? 'Forward mode needs an input to take derivatives with respect to.' });
    return view;
  }

  cancel(): void {
    this.timer?.stop();
    this.timer = null;
  }

  /** Shows forward mode on the canvas with no tangent computed yet. */
  start(): void {
    this.editor.set('forward', { open: true, step: 0 });
    this.announce(0, 'Forward mode: every tangent shows “?” until its step runs. ');
  }

  /** Leaves the step-through: every tangent shows again. */
  stop(): void {
    this.cancel();
    this.editor.set('forward', { step: null });
  }

  private get step(): number {
    return this.editor.state.forward.step ?? 0;
  }

  /** Puts the tangent step just run in the live region. */
  private announce(step: number, prefix = ''): void {
    const v = this.view();
    if (!v) return;
    const text = step === 0 ? 'No tangent computed yet.' : `Tangent step ${step} of ${v.steps.length}: ${v.steps[step - 1].text}`;
    this.editor.set('playback', { announcement: prefix + text });
  }

  seek(step: number): void {
    const v = this.view();
    if (!v) return;
    const s = Math.max(0, Math.min(step, v.steps.length));
    this.editor.set('forward', { open: true, step: s });
    this.announce(s);
  }

  stepForward(): void {
    this.pause();
    this.seek(this.step + 1);
  }

  stepBack(): void {
    this.pause();
    this.seek(this.step - 1);
  }

  rewind(): void {
    this.pause();
    this.seek(0);
    this.announce(0, 'Reset. ');
  }

  private tick(): void {
    const v = this.view();
    if (!v || this.step >= v.steps.length) {
      this.pause();
      return;
    }
    this.seek(this.step + 1);
    this.timer = timeout(() => this.tick(), STEP_MS / this.editor.state.playback.speed);
  }

  /** Plays the remaining steps (from the start once all have run). */
  play(): void {
    const v = this.view();
    if (!v) return;
    this.cancel();
    if (this.editor.state.forward.step === null || this.step >= v.steps.length) this.seek(0);
    this.editor.set('playback', { playing: true });
    this.tick();
  }

  pause(): void {
    this.cancel();
    this.editor.set('playback', { playing: false });
  }
}
