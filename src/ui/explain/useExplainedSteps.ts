import { sessionResult, type Session } from '../playback/session';
import { shownSteps } from '../playback/store';
import { useEditorState } from '../editor';

/**
 * The steps the panel explains: in playback, the last step on show; otherwise the forward and
 * backward steps of the one selected node. Null when there is nothing to explain; the reason
 * when the graph cannot be traced.
 */
export function useExplainedSteps(): { session: Session; indices: number[] } | { session: null; problem: string } | null {
  const doc = useEditorState((s) => s.doc.present);
  const selected = useEditorState((s) => (s.doc.selectedNodes.length === 1 ? s.doc.selectedNodes[0] : null));
  const active = useEditorState((s) => s.playback.active);
  const shown = useEditorState((s) => shownSteps(s.playback));
  if (!active && selected === null) return null;
  const { session, problem } = sessionResult(doc);
  if (!session) return { session, problem };
  if (active) return { session, indices: shown > 0 ? [shown - 1] : [] };
  const k = session.plan.index.get(selected ?? '');
  if (k === undefined) return null;
  return { session, indices: [session.timeline.fAt[k], session.timeline.bAt[k]].filter((i) => i >= 0) };
}
