import type { Trace } from '../../graph/trace';

/** A value on the canvas: a node's forward value f_k or its gradient b_k. */
export type Quantity = 'f' | 'b';

/**
 * Where each node's values appear in a step trace: the index of the step that computes f_k and
 * of the one that computes b_k (-1 when no step does: a node the output does not depend on).
 */
export interface Timeline {
  readonly length: number;
  readonly forwardCount: number;
  /** Plan index of the node each step computes. */
  readonly nodeOf: Int32Array;
  readonly fAt: Int32Array;
  readonly bAt: Int32Array;
  /** Plan index by node id. */
  readonly index: ReadonlyMap<string, number>;
}

export function timelineOf<V>(trace: Trace<V>, index: ReadonlyMap<string, number>): Timeline {
  const n = trace.forwardCount;
  const nodeOf = new Int32Array(trace.length);
  const fAt = new Int32Array(n);
  const bAt = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    fAt[k] = trace.indexOf(k, 'forward');
    bAt[k] = trace.indexOf(k, 'backward');
    nodeOf[fAt[k]] = k;
    if (bAt[k] >= 0) nodeOf[bAt[k]] = k;
  }
  return { length: trace.length, forwardCount: n, nodeOf, fAt, bAt, index };
}

/**
 * Whether node k's value (or gradient) is on show once `shown` steps have run. A gradient no
 * step computes is never hidden: there is nothing to predict, and it shows as "—" anyway.
 */
export function isShown(t: Timeline, q: Quantity, k: number, shown: number): boolean {
  const at = q === 'f' ? t.fAt[k] : t.bAt[k];
  return at === undefined || at < shown;
}

/** The plan indices whose value and whose gradient are on show after the first i steps. */
export function revealedAt(trace: Trace, i: number): { readonly values: ReadonlySet<number>; readonly grads: ReadonlySet<number> } {
  const values = new Set<number>();
  const grads = new Set<number>();
  for (let j = 0; j < Math.min(i, trace.length); j++) {
    const step = trace.at(j);
    (step.kind === 'forward' ? values : grads).add(step.node);
  }
  return { values, grads };
}

/** The name a step's result goes by on the canvas: f5 (or the node's own label) forward, b5 backward. */
export const stepName = (t: Timeline, step: number, labels: readonly string[]): string => {
  const k = t.nodeOf[step];
  return step < t.forwardCount ? labels[k] : `b${k + 1}`;
};

export { GUESS_TOLERANCE, gradeGuess, type Grade } from '../../format/guess';
