import { now, timeout, type Timer } from 'd3';
import { explainStep } from '../../explain/explain';
import { formatLabel } from '../../format/number';
import { ensureExact, setExplainOpen, useExplain } from '../explain/store';
import { useEditor } from '../store/editor';
import { notify } from '../store/ui';
import { sessionFor, sessionResult, type Session } from './session';
import { STEP_MS, TRAVEL, usePlayback, type Speed } from './store';
import { gradeGuess, stepName, type Grade, type Timeline } from './timeline';

/** The one pending timeout: a pulse arriving, or the pause before the next step. */
let timer: Timer | null = null;

function cancel(): void {
  timer?.stop();
  timer = null;
}

const get = usePlayback.getState;
const set = usePlayback.setState;

/** The user asked the system for less motion: pulses then jump, steps stay. */
export const prefersReducedMotion = (): boolean => globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

const stepMs = (speed: Speed) => STEP_MS / speed;
const travelMs = (speed: Speed) => (prefersReducedMotion() ? 0 : stepMs(speed) * TRAVEL);

const current = (): Session | null => sessionFor(useEditor.getState().present);

/** Turns playback on at a step; null (with a message) when the graph cannot be traced. */
function activate(step: number): Session | null {
  const { session: s, problem } = sessionResult(useEditor.getState().present);
  if (!s) {
    notify(problem, 'error');
    return null;
  }
  if (!get().active) setExplainOpen(true);
  set({ active: true, timeline: s.timeline, step: Math.max(0, Math.min(step, s.trace.length)), arriving: false, awaiting: false });
  return s;
}

const ensureActive = (step: number): boolean => get().active || activate(step) !== null;

/** Puts step i's explanation in the live region, after a prefix. */
function announce(i: number, prefix = ''): void {
  const s = current();
  if (!s || i < 0 || i >= s.trace.length) {
    set({ announcement: `${prefix}Every value is hidden until its step runs.` });
    return;
  }
  const pass = i < s.trace.forwardCount ? 'forward' : 'backward';
  const { text } = explainStep(s.trace.at(i), s.plan, s.ev, useExplain.getState().exact);
  set({ announcement: `${prefix}Step ${i + 1} of ${s.trace.length}, ${pass}: ${text}` });
}

/** The value a step computes, when it is a number a learner can predict. */
function answerOf(s: Session, i: number): number | null {
  const step = s.trace.at(i);
  const v = step.kind === 'forward' ? step.value : step.grad;
  return typeof v === 'number' ? v : null;
}

function arrive(): void {
  timer = null;
  set({ arriving: false });
  const st = get();
  const v = st.verdict;
  announce(st.step - 1, v && v.step === st.step - 1 ? (v.ok ? 'Right. ' : 'Not quite. ') : '');
  if (st.playing && st.step < st.stopAt) timer = timeout(() => begin(false), stepMs(st.speed) - travelMs(st.speed));
  else set({ playing: false });
}

/** Runs the next step: its pulse sets off, and its value shows when the pulse arrives. */
function begin(skipPrediction: boolean): void {
  const st = get();
  const s = current();
  if (!s || st.step >= s.trace.length) {
    set({ playing: false });
    return;
  }
  if (st.playing && st.predict && !skipPrediction && answerOf(s, st.step) !== null) {
    set({ playing: false, awaiting: true });
    return;
  }
  const travel = travelMs(st.speed);
  set({ step: st.step + 1, arriving: travel > 0, seq: st.seq + 1, startedAt: now(), travelMs: travel, awaiting: false });
  if (travel > 0) timer = timeout(arrive, travel);
  else arrive();
}

/** Lands a pulse under way at once (the learner moved on). */
function finishArrival(): void {
  if (!get().arriving) return;
  cancel();
  set({ arriving: false });
}

export type PlayRange = 'all' | 'forward' | 'backward';

/** Plays both passes, the forward pass only, or the backward pass (every forward value shown first). */
export function play(range: PlayRange = 'all'): void {
  const inactive = !get().active;
  const s = current();
  if (!s || (inactive && !activate(range === 'backward' ? s.trace.forwardCount : 0))) return;
  finishArrival();
  cancel();
  const { length, forwardCount } = s.trace;
  let step = get().step;
  if (range === 'forward' && step >= forwardCount) step = 0;
  else if (range === 'backward' && (step < forwardCount || step >= length)) step = forwardCount;
  else if (range === 'all' && step >= length) step = 0;
  set({ step, stopAt: range === 'forward' ? forwardCount : length, playing: true, awaiting: false });
  begin(false);
}

export function pause(): void {
  set({ playing: false, awaiting: false });
  if (!get().arriving) cancel();
}

export const togglePlay = (): void => (get().playing ? pause() : play('all'));

export function stepForward(): void {
  if (!ensureActive(0)) return;
  finishArrival();
  cancel();
  set({ playing: false, awaiting: false });
  begin(true);
}

export function stepBack(): void {
  if (!ensureActive(Infinity)) return;
  cancel();
  const step = Math.max(0, get().step - 1);
  set({ step, arriving: false, playing: false, awaiting: false });
  announce(step - 1, step === 0 ? 'Back at the start. ' : `Back to step ${step}. `);
}

/** Back to step 0: every value shows "?" until its step runs. */
export function reset(): void {
  if (!ensureActive(0)) return;
  cancel();
  set({ step: 0, arriving: false, playing: false, awaiting: false, verdict: null });
  announce(-1, 'Reset. ');
}

/** Jumps to the state after `step` steps (the scrubber). */
export function seek(step: number): void {
  if (!ensureActive(step)) return;
  cancel();
  set({ step, arriving: false, playing: false, awaiting: false });
  announce(step - 1);
}

/** Leaves playback: the editor shows every value again. */
export function exitPlayback(): void {
  cancel();
  set({ active: false, playing: false, arriving: false, awaiting: false, announcement: 'Playback off: every value is shown.' });
}

export const setSpeed = (speed: Speed): void => set({ speed });

/** Predict mode: before each step, the learner may type the value it will compute. */
export function setPredict(on: boolean): void {
  set({ predict: on, verdict: null });
  if (on) {
    ensureExact();
    ensureActive(0);
  }
}

/** Grades a prediction of the next step's value, keeps the score, then runs the step. */
export function submitGuess(text: string): Grade['kind'] | 'nothing to predict' {
  const st = get();
  const s = current();
  const answer = s && st.active ? answerOf(s, st.step) : null;
  if (!s || answer === null) return 'nothing to predict';
  const step = s.trace.at(st.step);
  const ex = useExplain.getState().exact?.exactValues(s.plan, s.ev);
  const form = (step.kind === 'forward' ? ex?.value : ex?.grad)?.[step.node] ?? null;
  const grade = gradeGuess(text, answer, form);
  if (grade.kind === 'unreadable') return grade.kind;
  const shown = form && !/^-?\d+$/.test(form.text) ? `${form.text.replace(/-/g, '−')} = ${formatLabel(answer)}` : formatLabel(answer);
  set({
    score: { correct: st.score.correct + (grade.ok ? 1 : 0), attempted: st.score.attempted + 1 },
    verdict: { step: st.step, name: stepName(s.timeline, st.step, s.plan.labels), ok: grade.ok, guess: text.trim(), answer: shown },
  });
  finishArrival();
  cancel();
  set({ playing: st.awaiting, awaiting: false });
  begin(true);
  return grade.kind;
}

/** Runs the step a prediction was awaited for, without one, and plays on. */
export function revealNext(): void {
  cancel();
  set({ playing: true, awaiting: false });
  begin(true);
}

/** The same nodes in the same order, and the same steps: an edit of values or parameters only. */
const sameSteps = (a: Timeline, b: Timeline | null): boolean =>
  b !== null &&
  a.length === b.length &&
  a.index.size === b.index.size &&
  [...a.index].every(([id, k]) => b.index.get(id) === k) &&
  a.nodeOf.every((k, i) => b.nodeOf[i] === k);

/**
 * Follows the document while playback is on: after an edit of values or parameters the new
 * trace keeps the step; a graph that changed shape (another file, a node or edge added or
 * removed) leaves playback.
 */
export function refreshPlayback(): void {
  const st = get();
  if (!st.active) return;
  const s = current();
  if (s?.timeline === st.timeline) return;
  if (!s || !sameSteps(s.timeline, st.timeline)) {
    exitPlayback();
    return;
  }
  cancel();
  const length = s.trace.length;
  set({
    timeline: s.timeline,
    step: Math.min(st.step, length),
    stopAt: Math.min(st.stopAt, length),
    arriving: false,
    playing: false,
    awaiting: false,
  });
}
