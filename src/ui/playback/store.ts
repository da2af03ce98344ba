import { isShown, type Quantity, type Timeline } from './timeline';

/** Playback speeds, as multiples of one step every STEP_MS. */
export const SPEEDS = [0.5, 1, 2, 4, 8] as const;
export type Speed = (typeof SPEEDS)[number];

/** One step at 1×: the pulse travels for TRAVEL of it, then the value rests on show. */
export const STEP_MS = 1200;
export const TRAVEL = 0.65;

/** What the playback bar steps: the step trace (reverse mode), tangents (forward mode) or optimizer steps. */
export const PLAY_MODES = ['reverse', 'forward', 'training'] as const;
export type PlayMode = (typeof PLAY_MODES)[number];

/** The verdict on the last prediction. */
export interface Verdict {
  /** The step predicted. */
  readonly step: number;
  readonly name: string;
  readonly ok: boolean;
  readonly guess: string;
  readonly answer: string;
}

/**
 * Playback view state. It never enters the document or the undo history. Inactive, the editor
 * shows every value; active, the first `step` steps of the trace have run, the last of them
 * still travelling along its edges while `arriving`.
 */
export interface PlaybackState {
  readonly mode: PlayMode;
  /** Reverse mode's trace is on the canvas (forward and training modes leave it off). */
  readonly active: boolean;
  readonly timeline: Timeline | null;
  /** Steps run, 0..length. */
  readonly step: number;
  /** The pulse of step `step - 1` is under way: its value is not on show yet. */
  readonly arriving: boolean;
  /** Playing, in any mode. */
  readonly playing: boolean;
  /** Playing stops when `step` reaches this. */
  readonly stopAt: number;
  readonly speed: Speed;
  /** Counts step starts, so each pulse is a fresh animation. */
  readonly seq: number;
  /** When the current pulse set off (d3's clock) and how long it travels. */
  readonly startedAt: number;
  readonly travelMs: number;
  readonly predict: boolean;
  /** Playing paused before a step, for the learner's prediction. */
  readonly awaiting: boolean;
  readonly score: { readonly correct: number; readonly attempted: number };
  readonly verdict: Verdict | null;
  /** The text of the aria-live region. */
  readonly announcement: string;
}

export const initialPlayback = (): PlaybackState => ({
  mode: 'reverse',
  active: false,
  timeline: null,
  step: 0,
  arriving: false,
  playing: false,
  stopAt: 0,
  speed: 1,
  seq: 0,
  startedAt: 0,
  travelMs: 0,
  predict: false,
  awaiting: false,
  score: { correct: 0, attempted: 0 },
  verdict: null,
  announcement: '',
});

/** Steps whose values are on show: those run, less one still travelling. */
export const shownSteps = (s: PlaybackState): number => s.step - (s.arriving ? 1 : 0);

/** True while playback hides node `id`'s value (f) or gradient (b). */
export function isHidden(s: PlaybackState, id: string, q: Quantity): boolean {
  if (!s.active || !s.timeline) return false;
  const k = s.timeline.index.get(id);
  return k !== undefined && !isShown(s.timeline, q, k, shownSteps(s));
}

/** Bits of an edge label's state: 1 value hidden, 2 gradient hidden, 4 playback active. */
export const LABEL = { F_HIDDEN: 1, B_HIDDEN: 2, ACTIVE: 4 } as const;

export function labelMask(s: PlaybackState, id: string): number {
  if (!s.active) return 0;
  return LABEL.ACTIVE | (isHidden(s, id, 'f') ? LABEL.F_HIDDEN : 0) | (isHidden(s, id, 'b') ? LABEL.B_HIDDEN : 0);
}

/** The step last run, if it computed node `id`: 'forward' or 'backward'. */
export function currentMark(s: PlaybackState, id: string): 'forward' | 'backward' | null {
  const t = s.timeline;
  if (!s.active || !t || s.step === 0) return null;
  const k = t.index.get(id);
  if (k === undefined || t.nodeOf[s.step - 1] !== k) return null;
  return s.step - 1 < t.forwardCount ? 'forward' : 'backward';
}

/**
 * The pulse on the edge source → target, as a number that changes with every step (0: none).
 * Forward, f_source travels to the target; backward, the target's share of b_source travels
 * back, which only a target with a gradient of its own sends.
 */
export function pulseKey(s: PlaybackState, source: string, target: string): number {
  const mark = s.arriving ? currentMark(s, source) : null;
  if (!mark || !s.timeline) return 0;
  if (mark === 'backward') {
    const j = s.timeline.index.get(target);
    if (j === undefined || s.timeline.bAt[j] < 0) return 0;
  }
  return s.seq * 2 + (mark === 'backward' ? 1 : 0);
}
