import { create } from 'zustand';
import { sameView, type EvalSnapshot, type NodeView } from './results';

export interface ResultsState {
  readonly byId: ReadonlyMap<string, NodeView>;
  /** In numbering order. */
  readonly nodes: readonly NodeView[];
  readonly outputId: string | null;
  /** A heavy graph is being evaluated in the worker; the results shown are the previous ones. */
  readonly busy: boolean;
  /** Wall time of the last evaluation, in milliseconds. */
  readonly ms: number | null;
  readonly where: 'main thread' | 'worker' | null;
}

export const useResults = create<ResultsState>()(() => ({ byId: new Map(), nodes: [], outputId: null, busy: false, ms: null, where: null }));

/**
 * Publishes a snapshot, reusing unchanged node views so only changed nodes and edges re-render.
 * A pending snapshot (busy) keeps the timing of the last finished evaluation.
 */
export function publish(snapshot: EvalSnapshot, ms: number | null, where: ResultsState['where'], busy = false): void {
  const prev = useResults.getState().byId;
  const nodes = snapshot.nodes.map((v) => {
    const old = prev.get(v.id);
    return old && sameView(old, v) ? old : v;
  });
  const timing = busy ? {} : { ms, where };
  useResults.setState({ nodes, byId: new Map(nodes.map((v) => [v.id, v])), outputId: snapshot.outputId, busy, ...timing });
}
