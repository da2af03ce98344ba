import type { Explanation, Notation } from '../../explain/explain';
import { explainTangentStep } from '../../explain/tangent';
import { forwardMode, type Tangents } from '../../graph/forward';
import { modeCosts, type ModeCosts } from '../../graph/mode-cost';
import type { GraphDocument } from '../../graph/schema';
import { buildTangentTrace } from '../../graph/tangent-trace';
import { sizeOf } from '../../tensor/tensor';
import { sessionResult, type Session } from '../playback/session';
import type { ForwardState } from './store';

export interface ForwardView {
  readonly session: Session;
  readonly fm: Tangents;
  /** Every step written out, in numbering order. */
  readonly steps: readonly Explanation[];
  readonly costs: ModeCosts | null;
  /** Inputs and then the other nodes, for the target chooser: node id and how it is shown. */
  readonly choices: readonly { id: string; text: string }[];
}

export type ForwardResult =
  { readonly view: ForwardView; readonly problem: null } | { readonly view: null; readonly problem: string | null };

type Key = Pick<ForwardState, 'target' | 'element'> & { readonly notation: Notation };

// One view per document version and choice: the panel, the playback bar and its explanation read the same one.
const cache = new WeakMap<GraphDocument, { key: Key; result: ForwardResult }>();

function build(doc: GraphDocument, { target, element, notation }: Key): ForwardResult {
  const { session, problem } = sessionResult(doc);
  if (!session) return { view: null, problem };
  const { plan } = session;
  const inputs = plan.ids.filter((_, k) => plan.ops[k].type === 'input');
  const x = (target !== null ? plan.index.get(target) : undefined) ?? (inputs.length ? plan.index.get(inputs[0]) : undefined);
  if (x === undefined) return { view: null, problem: null };
  const size = sizeOf(plan.shapes[x] ?? []);
  const fm = forwardMode(session.ev, {
    node: x,
    element: element !== null && element < size && plan.shapes[x]?.length ? element : undefined,
  });
  const steps = buildTangentTrace(fm)
    .all()
    .map((s) => explainTangentStep(s, plan, fm, notation));
  const shown = (k: number) =>
    plan.ops[k].type === 'input' ? (plan.nodes[k].name ?? plan.ids[k]) : `${plan.labels[k]} (${plan.ops[k].title})`;
  const order = [...plan.ids.keys()].sort((a, b) => Number(plan.ops[b].type === 'input') - Number(plan.ops[a].type === 'input') || a - b);
  const view = { session, fm, steps, costs: modeCosts(plan), choices: order.map((k) => ({ id: plan.ids[k], text: shown(k) })) };
  return { view, problem: null };
}

/**
 * Forward mode over a document, on the main thread like playback (the same session, so a graph
 * too large to play is too large here, and says so). Without a view, the reason, or null when
 * the graph has no input to take derivatives with respect to.
 */
export function forwardView(doc: GraphDocument, key: Key): ForwardResult {
  const hit = cache.get(doc);
  if (hit && hit.key.target === key.target && hit.key.element === key.element && hit.key.notation === key.notation) return hit.result;
  const result = build(doc, key);
  cache.set(doc, { key, result });
  return result;
}
