import { SOURCE } from './compile';
import type { Evaluation } from './evaluate';
import type { NodeProblem } from './problems';
import type { Value } from '../tensor/tensor';

/**
 * Steps carry engine values; a trace streamed from a worker carries summaries of its largest
 * tensors instead (see trace-stream.ts), hence the value type parameter.
 */
interface StepInput<V = Value> {
  readonly port: string;
  readonly from: number;
  readonly label: string;
  readonly value: V | undefined;
}

export interface ForwardStep<V = Value> {
  readonly kind: 'forward';
  /** Plan index of the node computed (f_{node+1} unless relabelled). */
  readonly node: number;
  readonly label: string;
  readonly op: string;
  readonly inputs: readonly StepInput<V>[];
  readonly value: V | undefined;
  readonly problem: NodeProblem | null;
}

/** One term of b_i = Σ_j b_j · ∂f_j/∂f_i: what consumer j sends back through one of its ports. */
interface Contribution<V = Value> {
  readonly to: number;
  readonly port: string;
  /** b_j, the gradient arriving at the consumer. */
  readonly upstream: V;
  /** ∂f_j/∂f_i. Undefined for tensor ops, whose Jacobian is never formed. */
  readonly local: V | undefined;
}

export interface BackwardStep<V = Value> {
  readonly kind: 'backward';
  readonly node: number;
  readonly label: string;
  readonly op: string;
  /** b_i, the node's gradient once every consumer has contributed. */
  readonly grad: V;
  /** True for the output, whose gradient is the seed 1. */
  readonly seed: boolean;
  /** How b_i was summed from the nodes that read f_i (more than one term on fan-out). */
  readonly contributions: readonly Contribution<V>[];
  /** The node's local derivatives and what it sends on to each input: b_i · ∂f_i/∂(input). */
  readonly downstream: readonly { port: string; from: number; local: V | undefined }[];
}

export type Step<V = Value> = ForwardStep<V> | BackwardStep<V>;

/**
 * The step trace of an evaluation: forward steps f1..fn in numbering order, then backward steps
 * for every node the output depends on, from the output down. It is a view over the evaluation's
 * arrays, so building it is O(nodes) and a step's object is made only when asked for.
 */
export interface Trace<V = Value> {
  readonly length: number;
  /** Steps [0, forwardCount) are forward, the rest backward. */
  readonly forwardCount: number;
  at(i: number): Step<V>;
  /** Index of the forward (or backward) step of a node, or -1. */
  indexOf(node: number, kind: Step['kind']): number;
  all(): Step<V>[];
}

export function buildTrace(ev: Evaluation): Trace {
  const { plan } = ev;
  const back = new Int32Array(plan.output + 1);
  const backIndex = new Int32Array(plan.n).fill(-1);
  let count = 0;
  for (let k = plan.output; k >= 0; k--) {
    if (plan.reaches[k] && ev.grad(k) !== undefined) {
      backIndex[k] = plan.n + count;
      back[count++] = k;
    }
  }
  const at = (i: number): Step => (i < plan.n ? forwardStep(ev, i) : backwardStep(ev, back[i - plan.n]));
  const length = plan.n + count;
  return {
    length,
    forwardCount: plan.n,
    at,
    indexOf: (node, kind) => (kind === 'forward' ? (node >= 0 && node < plan.n ? node : -1) : (backIndex[node] ?? -1)),
    all: () => Array.from({ length }, (_, i) => at(i)),
  };
}

export function forwardStep(ev: Evaluation, k: number): ForwardStep {
  const { plan } = ev;
  const op = plan.ops[k];
  const inputs: StepInput[] = [];
  plan.inputs[k].forEach((from, j) => {
    if (from >= 0) inputs.push({ port: plan.ports[k][j].name, from, label: plan.labels[from], value: ev.value(from) });
  });
  return { kind: 'forward', node: k, label: plan.labels[k], op: op.type, inputs, value: ev.value(k), problem: ev.problem(k) };
}

export function backwardStep(ev: Evaluation, k: number): BackwardStep {
  const { plan } = ev;
  const op = plan.ops[k];
  const contributions: Contribution[] = [];
  if (k !== plan.output) {
    for (const { node, port, slot } of plan.consumers[k]) {
      const g = ev.grad(node);
      if (plan.reaches[node] && g !== undefined) contributions.push({ to: node, port, upstream: g, local: ev.local(node, slot) });
    }
  }
  const downstream: BackwardStep['downstream'][number][] = [];
  if (plan.kinds[k] !== SOURCE) {
    plan.inputs[k].forEach((from, j) => {
      if (from >= 0) downstream.push({ port: plan.ports[k][j].name, from, local: ev.local(k, j) });
    });
  }
  return {
    kind: 'backward',
    node: k,
    label: plan.labels[k],
    op: op.type,
    grad: ev.grad(k) as Value,
    seed: k === plan.output,
    contributions,
    downstream,
  };
}
