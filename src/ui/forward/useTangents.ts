import { useEffect, useMemo } from 'react';
import type { StreamValue } from '../../graph/trace-stream';
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
  const stream = useEditorState((s) => s.tangentStream);
  const result = useMemo(
    () => (open ? forwardView(doc, { target, element, notation }, stream) : null),
    [open, doc, target, element, notation, stream],
  );
  const view = result?.view ?? null;
  useEffect(() => {
    if (!view) return publishTangents(new Map());
    const { plan } = view;
    const m = new Map<string, StreamValue | undefined>();
    for (let k = 0; k < plan.n && (step === null || k < step); k++) m.set(plan.ids[k], view.trace.at(k).tangent);
    const x = view.target.node;
    publishTangents(m, plan.ops[x].type === 'input' ? (plan.nodes[x].name ?? plan.ids[x]) : plan.labels[x]);
  }, [view, step]);
  return { view, problem: result?.problem ?? null };
}
