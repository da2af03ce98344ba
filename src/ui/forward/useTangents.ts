import { useEffect, useMemo } from 'react';
import type { Explanation } from '../../explain/explain';
import { explainTangentStep } from '../../explain/tangent';
import { forwardMode, type Tangents } from '../../graph/forward';
import { modeCosts, type ModeCosts } from '../../graph/mode-cost';
import { buildTangentTrace } from '../../graph/tangent-trace';
import { sizeOf, type Value } from '../../tensor/tensor';
import { sessionResult, type Session } from '../playback/session';
import { useEditorState } from '../editor';
import { publishTangents } from './actions';

export interface ForwardView {
  readonly session: Session;
  readonly fm: Tangents;
  /** Every step written out, in numbering order. */
  readonly steps: readonly Explanation[];
  readonly costs: ModeCosts | null;
  /** Inputs and then the other nodes, for the target chooser: node id and how it is shown. */
  readonly choices: readonly { id: string; text: string }[];
}

/**
 * Forward mode over the current document, on the main thread like playback (the same session, so
 * a graph too large to play is too large here, and says so). Publishes the tangents the edges
 * show: all of them, or while stepping only those of the steps run.
 */
export function useTangents(): { view: ForwardView | null; problem: string | null } {
  const doc = useEditorState((s) => s.doc.present);
  const open = useEditorState((s) => s.forward.open);
  const target = useEditorState((s) => s.forward.target);
  const step = useEditorState((s) => s.forward.step);
  const element = useEditorState((s) => s.forward.element);
  const notation = useEditorState((s) => s.notation.notation);
  const result = useMemo(() => (open ? sessionResult(doc) : null), [open, doc]);
  const view = useMemo((): ForwardView | null => {
    const session = result?.session;
    if (!session) return null;
    const { plan } = session;
    const inputs = plan.ids.filter((_, k) => plan.ops[k].type === 'input');
    const x = (target !== null ? plan.index.get(target) : undefined) ?? (inputs.length ? plan.index.get(inputs[0]) : undefined);
    if (x === undefined) return null;
    const size = sizeOf(plan.shapes[x] ?? []);
    const fm = forwardMode(session.ev, {
      node: x,
      element: element !== null && element < size && plan.shapes[x]?.length ? element : undefined,
    });
    const trace = buildTangentTrace(fm);
    const steps = trace.all().map((s) => explainTangentStep(s, plan, fm, notation));
    const shown = (k: number) =>
      plan.ops[k].type === 'input' ? (plan.nodes[k].name ?? plan.ids[k]) : `${plan.labels[k]} (${plan.ops[k].title})`;
    const order = [...plan.ids.keys()].sort((a, b) => Number(plan.ops[b].type === 'input') - Number(plan.ops[a].type === 'input') || a - b);
    return { session, fm, steps, costs: modeCosts(plan), choices: order.map((k) => ({ id: plan.ids[k], text: shown(k) })) };
  }, [result, target, element, notation]);
  useEffect(() => {
    if (!view) return publishTangents(new Map());
    const { plan } = view.session;
    const m = new Map<string, Value | undefined>();
    for (let k = 0; k < plan.n && (step === null || k < step); k++) m.set(plan.ids[k], view.fm.tangent(k));
    const x = view.fm.target.node;
    publishTangents(m, plan.ops[x].type === 'input' ? (plan.nodes[x].name ?? plan.ids[x]) : plan.labels[x]);
  }, [view, step]);
  return { view, problem: open && result && !result.session ? result.problem : null };
}
