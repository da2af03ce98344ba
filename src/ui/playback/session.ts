import { compile, type Plan } from '../../graph/compile';
import { evaluate, type Evaluation } from '../../graph/evaluate';
import type { GraphDocument } from '../../graph/schema';
import { buildTrace, type Trace } from '../../graph/trace';
import { timelineOf, type Timeline } from './timeline';

/** What playback and the explanations read: the plan, its evaluation and its step trace. */
export interface Session {
  readonly plan: Plan;
  readonly ev: Evaluation;
  readonly trace: Trace;
  readonly timeline: Timeline;
}

const cache = new WeakMap<GraphDocument, Session | null>();

/**
 * The session of a document, made once per version of it. The editor's results may come from a
 * worker and carry no step trace, so the trace is computed here, on demand: only playback and
 * the explanation panel ask for it. Null when the document cannot be evaluated at all.
 */
export function sessionFor(doc: GraphDocument): Session | null {
  let s = cache.get(doc);
  if (s === undefined) {
    try {
      const plan = compile(doc);
      const ev = evaluate(plan);
      const trace = buildTrace(ev);
      s = { plan, ev, trace, timeline: timelineOf(trace, plan.index) };
    } catch {
      s = null;
    }
    cache.set(doc, s);
  }
  return s;
}
