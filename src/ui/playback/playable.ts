import { compile, type Plan } from '../../graph/compile';
import type { GraphDocument } from '../../graph/schema';
import { assembledTrace, arrivedPrefix, type StreamValue } from '../../graph/trace-stream';
import type { Trace } from '../../graph/trace';
import type { EditorState } from '../editor/state';
import { evalFingerprint } from '../eval/fingerprint';
import { sessionResult, type Session } from './session';
import type { TraceStreamState } from './stream-state';
import { timelineOf, type Timeline } from './timeline';

/** How far a streamed trace has come. */
export interface StreamProgress {
  readonly arrived: number;
  readonly expected: number;
  readonly done: boolean;
}

/**
 * What playback steps through: a session traced on the main thread (`full`, with the evaluation
 * the explanations read), or the trace streamed from the worker for a graph too large for that,
 * whose steps carry summaries of the large tensors and whose length grows as steps arrive.
 */
export interface Playable {
  readonly plan: Plan;
  readonly trace: Trace<StreamValue>;
  readonly timeline: Timeline;
  readonly full: Session | null;
  readonly stream: StreamProgress | null;
}

export type PlayableResult =
  { readonly playable: Playable; readonly problem: null } | { readonly playable: null; readonly problem: string };

const plans = new WeakMap<GraphDocument, { plan: Plan; fingerprint: string }>();
const streamed = new WeakMap<TraceStreamState['steps'], { trace: Trace<StreamValue>; timeline: Timeline }>();

function planOf(doc: GraphDocument): { plan: Plan; fingerprint: string } {
  let p = plans.get(doc);
  if (!p) plans.set(doc, (p = { plan: compile(doc), fingerprint: evalFingerprint(doc) }));
  return p;
}

/** The streamed trace's view of what has arrived, made once per chunk. */
function fromStream(s: TraceStreamState, plan: Plan): Playable {
  let v = streamed.get(s.steps);
  if (!v) {
    const trace = assembledTrace(s.steps, s.forwardCount);
    streamed.set(s.steps, (v = { trace, timeline: timelineOf(trace, plan.index) }));
  }
  return { plan, ...v, full: null, stream: { arrived: arrivedPrefix(s.steps), expected: s.expected, done: s.done } };
}

const fullCache = new WeakMap<Session, Playable>();

function fromSession(session: Session): Playable {
  let p = fullCache.get(session);
  if (!p)
    fullCache.set(session, (p = { plan: session.plan, trace: session.trace, timeline: session.timeline, full: session, stream: null }));
  return p;
}

const NOT_RUNNING =
  'This graph plays step by step as the worker evaluates it, and no evaluation of it is running: press Run to evaluate it.';
const STARTING = 'The worker has just started evaluating this graph: its first steps come in a moment.';

/** True when the streamed trace is of this document (the same evaluation fingerprint). */
export function streamMatches(doc: GraphDocument, s: TraceStreamState): boolean {
  if (s.fingerprint === null) return false;
  try {
    return planOf(doc).fingerprint === s.fingerprint;
  } catch {
    return false;
  }
}

/**
 * What playback of the current document steps through. A graph small enough is traced on the main
 * thread as before; a larger one plays from the worker's streamed trace of the same document.
 */
export function playableResult(doc: GraphDocument, s: TraceStreamState): PlayableResult {
  const r = sessionResult(doc);
  if (r.session) return { playable: fromSession(r.session), problem: null };
  if (!r.tooLarge) return { playable: null, problem: r.problem };
  if (!streamMatches(doc, s)) return { playable: null, problem: NOT_RUNNING };
  if (s.forwardCount === 0) return { playable: null, problem: STARTING };
  return { playable: fromStream(s, planOf(doc).plan), problem: null };
}

/** The playable of the editor's document, if it has one. */
export const playableOf = (state: EditorState): Playable | null => playableResult(state.doc.present, state.traceStream).playable;
