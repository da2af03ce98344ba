import { formatSI } from '../../format/number';
import { compile, type Plan } from '../../graph/compile';
import { evaluate, type Evaluation } from '../../graph/evaluate';
import type { GraphDocument } from '../../graph/schema';
import { buildTrace, type Trace } from '../../graph/trace';
import { forwardMacs, isHeavy } from '../eval/heavy';
import { timelineOf, type Timeline } from './timeline';

/** What playback and the explanations read: the plan, its evaluation and its step trace. */
export interface Session {
  readonly plan: Plan;
  readonly ev: Evaluation;
  readonly trace: Trace;
  readonly timeline: Timeline;
}

export type SessionResult =
  | { readonly session: Session; readonly problem: null }
  /** `tooLarge`: not traced here for its size alone; the worker's streamed trace plays it instead. */
  | { readonly session: null; readonly problem: string; readonly tooLarge?: true };

const cache = new WeakMap<GraphDocument, SessionResult>();

function build(doc: GraphDocument): SessionResult {
  try {
    const plan = compile(doc);
    // The worker evaluates a heavy graph and streams its trace (playable.ts); it is not traced here.
    if (isHeavy(plan)) {
      return {
        session: null,
        problem: `This graph is traced in the evaluation worker (${formatSI(forwardMacs(plan))} multiply-adds), not on the page.`,
        tooLarge: true,
      };
    }
    const ev = evaluate(plan);
    const trace = buildTrace(ev);
    return { session: { plan, ev, trace, timeline: timelineOf(trace, plan.index) }, problem: null };
  } catch (e) {
    return { session: null, problem: `This graph cannot be played step by step: ${(e as Error).message}.` };
  }
}

/**
 * The session of a document, made once per version of it, on demand: only playback and the
 * explanation panel ask for it. Without a session, the reason why.
 */
export function sessionResult(doc: GraphDocument): SessionResult {
  let r = cache.get(doc);
  if (!r) {
    r = build(doc);
    cache.set(doc, r);
  }
  return r;
}

export const sessionFor = (doc: GraphDocument): Session | null => sessionResult(doc).session;
