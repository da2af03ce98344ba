import { SOURCE } from './compile';
import type { Evaluation } from './evaluate';
import type { Value } from './tensor';

/** An input of a forward step: which port, fed by which node, with what value. */
export interface StepInput {
  readonly port: string;
  readonly from: number;
  readonly label: string;
  readonly value: Value | undefined;
}

export interface ForwardStep {
  readonly kind: 'forward';
  /** Plan index of the node computed (f_{node+1} unless relabelled). */
  readonly node: number;
  readonly label: string;
  readonly op: string;
  readonly inputs: readonly StepInput[];
  readonly value: Value | undefined;
  readonly error: string | null;
}

/** One term of b_i = Σ_j b_j · ∂f_j/∂f_i: what consumer j sends back through one of its ports. */
export interface Contribution {
  readonly to: number;
  readonly port: string;
  /** b_j, the gradient arriving at the consumer. */
  readonly upstream: Value;
  /** ∂f_j/∂f_i. Undefined for tensor ops, whose Jacobian is never formed. */
  readonly local: Value | undefined;
}

export interface BackwardStep {
  readonly kind: 'backward';
  readonly node: number;
  readonly label: string;
  readonly op: string;
  /** b_i, the node's gradient once every consumer has contributed. */
  readonly grad: Value;
  /** True for the output, whose gradient is the seed 1. */
  readonly seed: boolean;
  /** How b_i was summed from the nodes that read f_i (more than one term on fan-out). */
  readonly contributions: readonly Contribution[];
  /** The node's local derivatives and what it sends on to each input: b_i · ∂f_i/∂(input). */
  readonly downstream: readonly { port: string; from: number; local: Value | undefined }[];
}

export type Step = ForwardStep | BackwardStep;

/**
 * The step trace, built from an evaluation's arrays: forward steps in numbering order, then
 * backward steps in reverse order for every node the output depends on. O(nodes + edges).
 */
export function buildTrace(ev: Evaluation): Step[] {
  const { plan } = ev;
  const steps: Step[] = [];
  for (let k = 0; k < plan.n; k++) {
    const op = plan.ops[k];
    steps.push({
      kind: 'forward', node: k, label: plan.labels[k], op: op.type,
      inputs: op.inputs.flatMap((p, j) => {
        const from = plan.inputs[k][j];
        return from < 0 ? [] : [{ port: p.name, from, label: plan.labels[from], value: ev.value(from) }];
      }),
      value: ev.value(k), error: ev.error(k),
    });
  }
  for (let k = plan.output; k >= 0; k--) {
    const grad = ev.grad(k);
    if (!plan.reaches[k] || grad === undefined) continue;
    const op = plan.ops[k];
    steps.push({
      kind: 'backward', node: k, label: plan.labels[k], op: op.type, grad, seed: k === plan.output,
      contributions: k === plan.output ? [] : plan.consumers[k].flatMap(({ node, port }) => {
        const g = ev.grad(node);
        if (!plan.reaches[node] || g === undefined) return [];
        const j = plan.ops[node].inputs.findIndex((p) => p.name === port);
        return [{ to: node, port, upstream: g, local: ev.local(node, j) }];
      }),
      downstream: plan.kinds[k] === SOURCE ? [] : op.inputs.flatMap((p, j) => {
        const from = plan.inputs[k][j];
        return from < 0 ? [] : [{ port: p.name, from, local: ev.local(k, j) }];
      }),
    });
  }
  return steps;
}
