import type { Explanation, Notation } from '../../explain/explain';
import { explainTangentStep } from '../../explain/tangent';
import { compile, type Plan } from '../../graph/compile';
import { forwardMode, type TangentTarget } from '../../graph/forward';
import { modeCosts, type ModeCosts } from '../../graph/mode-cost';
import type { GraphDocument } from '../../graph/schema';
import { buildTangentTrace, type TangentTrace } from '../../graph/tangent-trace';
import type { StreamValue } from '../../graph/trace-stream';
import { evalFingerprint } from '../eval/fingerprint';
import { sessionResult, type Session } from '../playback/session';
import type { ForwardState } from './store';
import { tangentTarget } from './target';
import type { TangentStreamState } from './tangent-stream';

export interface ForwardView {
  readonly plan: Plan;
  readonly target: TangentTarget;
  /** ḟ_1..ḟ_n; from the worker, its tensors over FULL_VALUE_LIMIT elements come as summaries. */
  readonly trace: TangentTrace<StreamValue>;
  /** Every step written out, in numbering order. */
  readonly steps: readonly Explanation[];
  /** d output / d x. */
  readonly output: StreamValue | undefined;
  /** The session traced here (values and gradients), or null for tangents streamed from the worker. */
  readonly session: Session | null;
  readonly costs: ModeCosts | null;
  /** Inputs and then the other nodes, for the target chooser: node id and how it is shown. */
  readonly choices: readonly { id: string; text: string }[];
}

export type ForwardResult =
  { readonly view: ForwardView; readonly problem: null } | { readonly view: null; readonly problem: string | null };

type Key = Pick<ForwardState, 'target' | 'element'> & { readonly notation: Notation };

// One view per document version, choice and stream: the panel, the playback bar and its explanation read the same one.
const cache = new WeakMap<GraphDocument, { key: Key; stream: TangentStreamState['chunk']; result: ForwardResult }>();

const WAITING = 'The evaluation worker computes this graph’s tangents after its values: they come in a moment.';

function choicesOf(plan: Plan): ForwardView['choices'] {
  const shown = (k: number) =>
    plan.ops[k].type === 'input' ? (plan.nodes[k].name ?? plan.ids[k]) : `${plan.labels[k]} (${plan.ops[k].title})`;
  const order = [...plan.ids.keys()].sort((a, b) => Number(plan.ops[b].type === 'input') - Number(plan.ops[a].type === 'input') || a - b);
  return order.map((k) => ({ id: plan.ids[k], text: shown(k) }));
}

function viewOf(
  plan: Plan,
  target: TangentTarget,
  trace: TangentTrace<StreamValue>,
  session: Session | null,
  notation: Notation,
): ForwardView {
  const steps = trace.all().map((s) => explainTangentStep(s, plan, { target }, notation));
  const output = plan.output >= 0 ? trace.at(plan.output).tangent : undefined;
  return { plan, target, trace, steps, output, session, costs: modeCosts(plan), choices: choicesOf(plan) };
}

const plans = new WeakMap<GraphDocument, { plan: Plan; fingerprint: string }>();

/** The plan of a document the worker evaluates, and its fingerprint, made once per version of it. */
function planOf(doc: GraphDocument): { plan: Plan; fingerprint: string } {
  let p = plans.get(doc);
  if (!p) plans.set(doc, (p = { plan: compile(doc), fingerprint: evalFingerprint(doc) }));
  return p;
}

/** The tangents the worker sent for this document and target, once they have come. */
function streamedView(doc: GraphDocument, key: Key, s: TangentStreamState): ForwardResult {
  const { plan, fingerprint } = planOf(doc);
  const target = tangentTarget(plan, key);
  if (!target) return { view: null, problem: null };
  const chunk = s.chunk;
  const mine =
    chunk !== null && s.fingerprint === fingerprint && chunk.target.node === target.node && chunk.target.element === target.element;
  if (!mine) return { view: null, problem: WAITING };
  const steps = chunk.steps;
  const trace: TangentTrace<StreamValue> = { length: steps.length, at: (i) => steps[i], all: () => steps.slice() };
  return { view: viewOf(plan, target, trace, null, key.notation), problem: null };
}

function build(doc: GraphDocument, key: Key, stream: TangentStreamState): ForwardResult {
  const r = sessionResult(doc);
  // A graph the worker evaluates: its tangents come from there too.
  if (!r.session) return r.tooLarge ? streamedView(doc, key, stream) : { view: null, problem: r.problem };
  const { session } = r;
  const target = tangentTarget(session.plan, key);
  if (!target) return { view: null, problem: null };
  const trace = buildTangentTrace(forwardMode(session.ev, target));
  return { view: viewOf(session.plan, target, trace, session, key.notation), problem: null };
}

/**
 * Forward mode over a document: traced here like playback for a small graph; for one the worker
 * evaluates, the tangents it streams (asked for while forward mode is open). Without a view, the
 * reason, or null when the graph has no input to take derivatives with respect to.
 */
export function forwardView(doc: GraphDocument, key: Key, stream: TangentStreamState): ForwardResult {
  const hit = cache.get(doc);
  const same = hit && hit.key.target === key.target && hit.key.element === key.element && hit.key.notation === key.notation;
  if (same && hit.stream === stream.chunk) return hit.result;
  const result = build(doc, key, stream);
  cache.set(doc, { key, stream: stream.chunk, result });
  return result;
}
