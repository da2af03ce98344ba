import { SOURCE } from './compile';
import type { Tangents } from './forward';
import type { NodeProblem } from './problems';
import type { Value } from '../tensor/tensor';

/** One term of ḟ_i = Σ_j ∂f_i/∂f_j · ḟ_j: an input j of node i, its local derivative and its tangent. */
export interface TangentTerm<V = Value> {
  readonly port: string;
  readonly from: number;
  readonly label: string;
  /** ∂f_i/∂f_j; undefined for tensor ops, whose Jacobian is never formed. */
  readonly local: V | undefined;
  /** ḟ_j. */
  readonly tangent: V | undefined;
  /** Whether f_j depends on x (otherwise ḟ_j is 0 without arithmetic). */
  readonly depends: boolean;
}

/**
 * A step of forward mode: node i's tangent from its inputs' tangents, in numbering order. A step
 * streamed from a worker carries summaries of its largest tensors (see trace-stream.ts), hence V.
 */
export interface TangentStep<V = Value> {
  readonly kind: 'tangent';
  readonly node: number;
  readonly label: string;
  readonly op: string;
  /** ḟ_i, undefined where it could not be formed (see `problem`). */
  readonly tangent: V | undefined;
  /** The target x itself, whose tangent is the seed. */
  readonly seed: boolean;
  /** Whether f_i depends on x at all. */
  readonly depends: boolean;
  readonly terms: readonly TangentTerm<V>[];
  readonly problem: NodeProblem | null;
}

/** Forward mode's step trace: one step per node, f1..fn, made when asked for (a view over the tangents). */
export interface TangentTrace<V = Value> {
  readonly length: number;
  at(i: number): TangentStep<V>;
  all(): TangentStep<V>[];
}

export function buildTangentTrace(fm: Tangents): TangentTrace {
  const { plan } = fm.ev;
  const at = (k: number): TangentStep => {
    const op = plan.ops[k];
    const terms: TangentTerm[] = [];
    if (plan.kinds[k] !== SOURCE && k !== fm.target.node) {
      plan.inputs[k].forEach((from, j) => {
        // A number typed into the port has no tangent (it is no function of the target): no term.
        if (from < 0 || from >= plan.n) return;
        terms.push({
          port: op.inputs[j].name,
          from,
          label: plan.labels[from],
          local: fm.local(k, j),
          tangent: fm.tangent(from),
          depends: fm.depends(from),
        });
      });
    }
    return {
      kind: 'tangent',
      node: k,
      label: plan.labels[k],
      op: op.type,
      tangent: fm.tangent(k),
      seed: k === fm.target.node,
      depends: fm.depends(k),
      terms,
      problem: fm.problem(k),
    };
  };
  return { length: plan.n, at, all: () => Array.from({ length: plan.n }, (_, k) => at(k)) };
}
