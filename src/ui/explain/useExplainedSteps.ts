import { playableResult, type Playable } from '../playback/playable';
import type { Session } from '../playback/session';
import { shownSteps } from '../playback/store';
import { useEditorState } from '../editor';

export type ExplainedSteps =
  | { session: Session; indices: number[] }
  | { session: null; problem: string }
  /** A graph too large to trace here: the steps the worker has streamed, with summaries of large tensors. */
  | { session: null; streamed: Playable; indices: number[] };

/**
 * The steps the panel explains: in playback, the last step on show; otherwise the forward and
 * backward steps of the one selected node. Null when there is nothing to explain; the reason
 * when the graph cannot be traced.
 */
export function useExplainedSteps(): ExplainedSteps | null {
  const doc = useEditorState((s) => s.doc.present);
  const stream = useEditorState((s) => s.traceStream);
  const selected = useEditorState((s) => (s.doc.selectedNodes.length === 1 ? s.doc.selectedNodes[0] : null));
  const active = useEditorState((s) => s.playback.active);
  const shown = useEditorState((s) => shownSteps(s.playback));
  if (!active && selected === null) return null;
  const { playable, problem } = playableResult(doc, stream);
  if (!playable) return { session: null, problem };
  const indices = (): number[] => {
    if (active) return shown > 0 ? [shown - 1] : [];
    const k = playable.plan.index.get(selected ?? '');
    return k === undefined ? [] : [playable.timeline.fAt[k], playable.timeline.bAt[k]].filter((i) => i >= 0);
  };
  if (!active && !playable.plan.index.has(selected ?? '')) return null;
  return playable.full ? { session: playable.full, indices: indices() } : { session: null, streamed: playable, indices: indices() };
}
