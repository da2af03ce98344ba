import { useEffect, useMemo } from 'react';
import type { Value } from '../../tensor/tensor';
import { useEditorState } from '../editor';
import { publishTangents } from './actions';
import { forwardView, type ForwardView } from './view';

export type { ForwardView } from './view';

/**
 * Forward mode over the current document while it is on. Publishes the tangents the edges show:
 * all of them, or while the playback bar steps forward mode only those of the steps run.
 */
export function useTangents(): { view: ForwardView | null; problem: string | null } {
  const doc = useEditorState((s) => s.doc.present);
  const open = useEditorState((s) => s.forward.open);
  const target = useEditorState((s) => s.forward.target);
  const step = useEditorState((s) => s.forward.step);
  const element = useEditorState((s) => s.forward.element);
  const notation = useEditorState((s) => s.notation.notation);
  const result = useMemo(() => (open ? forwardView(doc, { target, element, notation }) : null), [open, doc, target, element, notation]);
  const view = result?.view ?? null;
  useEffect(() => {
    if (!view) return publishTangents(new Map());
    const { plan } = view.session;
    const m = new Map<string, Value | undefined>();
    for (let k = 0; k < plan.n && (step === null || k < step); k++) m.set(plan.ids[k], view.fm.tangent(k));
    const x = view.fm.target.node;
    publishTangents(m, plan.ops[x].type === 'input' ? (plan.nodes[x].name ?? plan.ids[x]) : plan.labels[x]);
  }, [view, step]);
  return { view, problem: result?.problem ?? null };
}
