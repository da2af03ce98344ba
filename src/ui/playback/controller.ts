import { now, timeout, type Timer } from 'd3';
import { explainStep } from '../../explain/explain';
import { formatLabel } from '../../format/number';
import type { Editor } from '../editor/Editor';
import { ForwardPlay } from './forward-play';
import { playableOf, playableResult, type Playable } from './playable';
import { streamedStepText } from './streamed-text';
import { STEP_MS, TRAVEL, type PlaybackState, type PlayMode, type Speed } from './store';
import { TrainPlay } from './train-play';
import { gradeGuess, stepName, type Grade, type Timeline } from './timeline';

/** The user asked the system for less motion: pulses then jump, steps stay. */
export const prefersReducedMotion = (): boolean => globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

const stepMs = (speed: Speed) => STEP_MS / speed;
const travelMs = (speed: Speed) => (prefersReducedMotion() ? 0 : stepMs(speed) * TRAVEL);

/** The value a step computes, when it is a number a learner can predict. */
function answerOf(s: Playable, i: number): number | null {
  const step = s.trace.at(i);
  const v = step.kind === 'forward' ? step.value : step.grad;
  return typeof v === 'number' ? v : null;
}

/** The same nodes in the same order, and the same steps: an edit of values or parameters only. */
const sameSteps = (a: Timeline, b: Timeline | null): boolean =>
  b !== null &&
  a.length === b.length &&
  a.index.size === b.index.size &&
  [...a.index].every(([id, k]) => b.index.get(id) === k) &&
  a.nodeOf.every((k, i) => b.nodeOf[i] === k);

export type PlayRange = 'all' | 'forward' | 'backward';

/**
 * Playback of the step trace: its actions, and the one pending timeout (a pulse arriving, or the
 * pause before the next step). In forward or training mode the transport (and so the keyboard)
 * drives `forward` or `training` instead.
 */
export class Playback {
  private timer: Timer | null = null;
  readonly forward: ForwardPlay;
  readonly training: TrainPlay;

  constructor(private readonly editor: Editor) {
    this.forward = new ForwardPlay(editor);
    this.training = new TrainPlay(editor);
  }

  private get st(): PlaybackState {
    return this.editor.state.playback;
  }

  private set(patch: Partial<PlaybackState>): void {
    this.editor.set('playback', patch);
  }

  /** Stops the pending timeouts, if any, in every mode. */
  cancel(): void {
    this.timer?.stop();
    this.timer = null;
    this.forward.cancel();
    this.training.cancel();
  }

  /** Switches what the bar steps; the explanation opens on it. */
  setMode(mode: PlayMode): void {
    const from = this.st.mode;
    if (from === mode) return;
    if (from === 'reverse') this.exit();
    if (from === 'forward') this.forward.stop();
    if (from === 'training') this.training.pause();
    this.set({ mode, playing: false });
    this.editor.explain.setOpen(true);
    if (mode === 'forward') this.forward.start();
  }

  private current(): Playable | null {
    return playableOf(this.editor.state);
  }

  /** Turns playback on at a step; null (with a message) when the graph cannot be traced. */
  private activate(step: number): Playable | null {
    const { playable: s, problem } = playableResult(this.editor.state.doc.present, this.editor.state.traceStream);
    if (!s) {
      this.editor.notify(problem, 'error');
      return null;
    }
    if (!this.st.active) this.editor.explain.setOpen(true);
    this.set({ active: true, timeline: s.timeline, step: Math.max(0, Math.min(step, s.trace.length)), arriving: false, awaiting: false });
    return s;
  }

  private ensureActive(step: number): boolean {
    return this.st.active || this.activate(step) !== null;
  }

  /** Puts step i's explanation in the live region, after a prefix. */
  private announce(i: number, prefix = ''): void {
    const s = this.current();
    if (!s || i < 0 || i >= s.trace.length) {
      this.set({ announcement: `${prefix}Every value is hidden until its step runs.` });
      return;
    }
    const pass = i < s.trace.forwardCount ? 'forward' : 'backward';
    const text = s.full
      ? explainStep(s.full.trace.at(i), s.plan, s.full.ev, this.editor.state.explain.exact).text
      : streamedStepText(s.trace.at(i), s.plan);
    this.set({ announcement: `${prefix}Step ${i + 1} of ${s.stream ? s.stream.expected : s.trace.length}, ${pass}: ${text}` });
  }

  private arrive(): void {
    this.timer = null;
    this.set({ arriving: false });
    const st = this.st;
    const v = st.verdict;
    this.announce(st.step - 1, v && v.step === st.step - 1 ? (v.ok ? 'Right. ' : 'Not quite. ') : '');
    if (st.playing && st.step < st.stopAt) this.timer = timeout(() => this.begin(false), stepMs(st.speed) - travelMs(st.speed));
    else this.set({ playing: false });
  }

  /** Runs the next step: its pulse sets off, and its value shows when the pulse arrives. */
  private begin(skipPrediction: boolean): void {
    const st = this.st;
    const s = this.current();
    if (s && st.playing && st.step >= s.trace.length && s.stream && !s.stream.done) {
      // Playing on steps the worker has not sent yet: `streamed` goes on when they come.
      this.timer = null;
      this.set({ announcement: `Step ${st.step + 1} is still being computed.` });
      return;
    }
    if (!s || st.step >= s.trace.length) {
      this.set({ playing: false });
      return;
    }
    if (st.playing && st.predict && !skipPrediction && answerOf(s, st.step) !== null) {
      this.set({ playing: false, awaiting: true });
      return;
    }
    const travel = travelMs(st.speed);
    this.set({ step: st.step + 1, arriving: travel > 0, seq: st.seq + 1, startedAt: now(), travelMs: travel, awaiting: false });
    if (travel > 0) this.timer = timeout(() => this.arrive(), travel);
    else this.arrive();
  }

  /** Lands a pulse under way at once (the learner moved on). */
  private finishArrival(): void {
    if (!this.st.arriving) return;
    this.cancel();
    this.set({ arriving: false });
  }

  /** Plays both passes, the forward pass only, or the backward pass (every forward value shown first). */
  play(range: PlayRange = 'all'): void {
    const inactive = !this.st.active;
    const s = this.current();
    // Nothing to play: activating says why (a graph the worker has only just started on, say).
    if (!s) return void (inactive && this.activate(0));
    if (inactive && !this.activate(range === 'backward' ? s.trace.forwardCount : 0)) return;
    this.finishArrival();
    this.cancel();
    const { forwardCount } = s.trace;
    // A streamed trace plays on into the steps still coming.
    const length = s.stream ? Math.max(s.stream.expected, s.trace.length) : s.trace.length;
    let step = this.st.step;
    if (range === 'forward' && step >= forwardCount) step = 0;
    else if (range === 'backward' && (step < forwardCount || step >= length)) step = forwardCount;
    else if (range === 'all' && step >= length) step = 0;
    step = Math.min(step, s.trace.length);
    this.set({ step, stopAt: range === 'forward' ? forwardCount : length, playing: true, awaiting: false });
    this.begin(false);
  }

  pause(): void {
    this.set({ playing: false, awaiting: false });
    if (!this.st.arriving) this.cancel();
  }

  togglePlay(): void {
    const { mode, playing } = this.st;
    if (mode === 'forward') return playing ? this.forward.pause() : this.forward.play();
    if (mode === 'training') return playing ? this.training.pause() : this.training.run(this.editor.state.runs.form.steps);
    if (playing) this.pause();
    else this.play('all');
  }

  stepForward(): void {
    if (this.st.mode === 'forward') return this.forward.stepForward();
    if (this.st.mode === 'training') return void this.training.stepOne();
    if (!this.ensureActive(0)) return;
    this.finishArrival();
    this.cancel();
    this.set({ playing: false, awaiting: false });
    this.begin(true);
  }

  stepBack(): void {
    if (this.st.mode === 'forward') return this.forward.stepBack();
    if (this.st.mode === 'training') return this.training.stepBack();
    if (!this.ensureActive(Infinity)) return;
    this.cancel();
    const step = Math.max(0, this.st.step - 1);
    this.set({ step, arriving: false, playing: false, awaiting: false });
    this.announce(step - 1, step === 0 ? 'Back at the start. ' : `Back to step ${step}. `);
  }

  /** Back to step 0: every value shows "?" until its step runs. */
  rewind(): void {
    if (this.st.mode === 'forward') return this.forward.rewind();
    if (this.st.mode === 'training') return this.training.reset();
    if (!this.ensureActive(0)) return;
    this.cancel();
    this.set({ step: 0, arriving: false, playing: false, awaiting: false, verdict: null });
    this.announce(-1, 'Reset. ');
  }

  /** Jumps to the state after `step` steps (the scrubber). */
  seek(step: number): void {
    if (!this.ensureActive(step)) return;
    step = Math.min(step, this.current()?.trace.length ?? 0);
    this.cancel();
    this.set({ step, arriving: false, playing: false, awaiting: false });
    this.announce(step - 1);
  }

  /** Leaves playback: the editor shows every value again. */
  exit(): void {
    this.cancel();
    this.set({ active: false, playing: false, arriving: false, awaiting: false, announcement: 'Playback off: every value is shown.' });
  }

  setSpeed(speed: Speed): void {
    this.set({ speed });
  }

  /** Predict mode: before each step, the learner may type the value it will compute. */
  setPredict(on: boolean): void {
    this.set({ predict: on, verdict: null });
    if (on) {
      this.editor.explain.ensureExact();
      this.ensureActive(0);
    }
  }

  /** Grades a prediction of the next step's value, keeps the score, then runs the step. */
  submitGuess(text: string): Grade['kind'] | 'nothing to predict' {
    const st = this.st;
    const s = this.current();
    const answer = s && st.active ? answerOf(s, st.step) : null;
    if (!s || answer === null) return 'nothing to predict';
    const step = s.trace.at(st.step);
    const ex = s.full ? this.editor.state.explain.exact?.exactValues(s.plan, s.full.ev) : undefined;
    const form = (step.kind === 'forward' ? ex?.value : ex?.grad)?.[step.node] ?? null;
    const grade = gradeGuess(text, answer, form);
    if (grade.kind === 'unreadable') return grade.kind;
    const shown = form && !/^-?\d+$/.test(form.text) ? `${form.text.replace(/-/g, '−')} = ${formatLabel(answer)}` : formatLabel(answer);
    this.set({
      score: { correct: st.score.correct + (grade.ok ? 1 : 0), attempted: st.score.attempted + 1 },
      verdict: { step: st.step, name: stepName(s.timeline, st.step, s.plan.labels), ok: grade.ok, guess: text.trim(), answer: shown },
    });
    this.finishArrival();
    this.cancel();
    this.set({ playing: st.awaiting, awaiting: false });
    this.begin(true);
    return grade.kind;
  }

  /** Runs the step a prediction was awaited for, without one, and plays on. */
  revealNext(): void {
    this.cancel();
    this.set({ playing: true, awaiting: false });
    this.begin(true);
  }

  /**
   * More of a streamed trace arrived: the canvas learns where the new steps are, and playing that
   * waited for them goes on.
   */
  streamed(): void {
    const st = this.st;
    const s = this.current();
    if (!st.active || st.mode !== 'reverse' || !s?.stream || s.timeline === st.timeline) return;
    this.set({ timeline: s.timeline });
    if (st.playing && !this.timer && !st.arriving && !st.awaiting && st.step < s.trace.length) this.begin(false);
  }

  /**
   * Follows the document while playback is on: after an edit of values or parameters the new
   * trace keeps the step; a graph that changed shape (another file, a node or edge added or
   * removed) leaves playback.
   */
  refresh(): void {
    const st = this.st;
    if (!st.active) return;
    const s = this.current();
    if (s?.timeline === st.timeline) return;
    if (!s || !sameSteps(s.timeline, st.timeline)) {
      this.exit();
      return;
    }
    this.cancel();
    const length = s.trace.length;
    this.set({
      timeline: s.timeline,
      step: Math.min(st.step, length),
      stopAt: Math.min(st.stopAt, length),
      arriving: false,
      playing: false,
      awaiting: false,
    });
  }
}
