import { problemBrief, problemText } from '../../graph/problems';
import { sameView, type EvalSnapshot, type NodeView } from './results';

export interface ResultsState {
  /** By node id; an expanded call's id gives its body's output (the call stands for it on the canvas). */
  readonly byId: ReadonlyMap<string, NodeView>;
  /** In numbering order. */
  readonly nodes: readonly NodeView[];
  readonly outputId: string | null;
  /** A heavy graph is being evaluated in the worker; the results shown are the previous ones. */
  readonly busy: boolean;
  /** When the current wait began (performance.now()), while busy. */
  readonly busySince: number | null;
  /** The user stopped an evaluation: the results shown are not those of the document. */
  readonly stopped: boolean;
  /** Evaluations started since the page loaded, on either thread (tests read it from the status bar). */
  readonly runs: number;
  /** Wall time of the last evaluation, in milliseconds. */
  readonly ms: number | null;
  readonly where: Where | null;
}

/** Where the last evaluation ran: the worker says how many threads shared its matrix products. */
export type Where = 'main thread' | 'worker' | `worker, ${number} threads`;

export const initialResults = (): ResultsState => ({
  byId: new Map(),
  nodes: [],
  outputId: null,
  busy: false,
  busySince: null,
  stopped: false,
  runs: 0,
  ms: null,
  where: null,
});

/** Node `id`'s problem in words, naming other nodes by the labels these results give them; null if it has none. */
export function problemTextOf(s: Pick<ResultsState, 'byId'>, id: string): string | null {
  const p = s.byId.get(id)?.problem;
  return p ? problemText(p, (other) => s.byId.get(other)?.label ?? other) : null;
}

/** Node `id`'s problem in a few words (for the badge on its face); null if it has none. */
export function problemBriefOf(s: Pick<ResultsState, 'byId'>, id: string): string | null {
  const p = s.byId.get(id)?.problem;
  return p ? problemBrief(p, (other) => s.byId.get(other)?.label ?? other) : null;
}

/**
 * The results after publishing a snapshot, reusing unchanged node views so only changed nodes and
 * edges re-render. A pending snapshot (busy) keeps the timing of the last finished evaluation.
 */
export function published(
  prev: ResultsState,
  snapshot: EvalSnapshot,
  ms: number | null,
  where: ResultsState['where'],
  busy = false,
): ResultsState {
  const nodes = snapshot.nodes.map((v) => {
    const old = prev.byId.get(v.id);
    return old && sameView(old, v) ? old : v;
  });
  const timing = busy ? { busySince: prev.busySince ?? performance.now() } : { ms, where, busySince: null };
  const byId = new Map(nodes.map((v) => [v.id, v]));
  for (const [call, output] of snapshot.aliases) {
    const v = byId.get(output);
    if (v) byId.set(call, v);
  }
  return { ...prev, nodes, byId, outputId: snapshot.outputId, busy, stopped: false, ...timing };
}
