import { activationBytes } from '../format/memory';
import type { Cost } from '../ops/types';
import { compile, labelsOf, SOURCE, type Plan } from './compile';
import type { NodeLabels, NodeProblem } from './problems';
import { evaluate, type EvaluateOptions, type Evaluation } from './evaluate';
import type { GraphDocument } from './schema';
import { sizeOf, type Shape, type Tensor, type Value } from '../tensor/tensor';
import { emptyRecord } from './records';

/** Everything known about one node after shape inference and both passes. */
export interface NodeResult {
  readonly id: string;
  /** Position in the numbering: f_{index+1}. */
  readonly index: number;
  /** f_i, or the user's label. */
  readonly label: string;
  /** The variable name of an input (its `name`, else its id); the label otherwise. */
  readonly name: string;
  readonly op: string;
  readonly value: Value | undefined;
  readonly grad: Value | undefined;
  readonly shape: Shape | null;
  /** Why it has no value or gradient, if it has none (worded by problemText with the analysis' labels). */
  readonly problem: NodeProblem | null;
  readonly cost: Cost | null;
  /** Activation memory: elements × 4 bytes (float32), as the exams count it. */
  readonly memoryBytes: number | null;
  /** Values and gradients of the tensors the node owns (unconnected weight and bias ports). */
  readonly owned: readonly { port: string; value: Tensor; grad: Tensor | undefined }[];
  /** What its forward pass writes back: batch norm's new running mean and variance in training mode. */
  readonly state: Readonly<Record<string, Tensor>> | undefined;
}

export interface Analysis {
  readonly doc: GraphDocument;
  readonly plan: Plan;
  readonly evaluation: Evaluation;
  /** In numbering order. */
  readonly nodes: readonly NodeResult[];
  readonly byId: ReadonlyMap<string, NodeResult>;
  readonly output: NodeResult | undefined;
  /** d(output)/d(input) for every `input` node, by name. */
  readonly gradients: Readonly<Record<string, Value | undefined>>;
  /** Names by node id, for problemText. */
  readonly labels: NodeLabels;
  /** The nodes that have a problem, in numbering order. */
  readonly invalid: readonly NodeResult[];
}

/** Compiles and evaluates a document, and gathers the results by node. */
export function analyze(doc: GraphDocument, opts?: EvaluateOptions): Analysis {
  const plan = compile(doc);
  return analyzePlan(plan, evaluate(plan, opts));
}

/** The per-node view of a plan and its evaluation. */
export function analyzePlan(plan: Plan, ev: Evaluation): Analysis {
  const nodes: NodeResult[] = plan.nodes.map((nd, k) => {
    const shape = plan.shapes[k];
    return {
      id: nd.id,
      index: k,
      label: plan.labels[k],
      name: plan.kinds[k] === SOURCE ? (nd.name ?? nd.id) : plan.labels[k],
      op: nd.op,
      value: ev.value(k),
      grad: ev.grad(k),
      shape,
      problem: ev.problem(k),
      cost: plan.costs[k],
      memoryBytes: shape ? activationBytes(sizeOf(shape)) : null,
      owned: Object.keys(plan.implicit[k] ?? {}).flatMap((port) => {
        const value = ev.paramValue(k, port);
        return value ? [{ port, value, grad: ev.paramGrad(k, port) }] : [];
      }),
      state: ev.state(k),
    };
  });
  const gradients = emptyRecord<Value | undefined>();
  for (const r of nodes) if (r.op === 'input') gradients[r.name] = r.grad;
  return {
    doc: plan.doc,
    plan,
    evaluation: ev,
    nodes,
    labels: labelsOf(plan),
    // An expanded call's id names its body's output.
    byId: new Map([
      ...nodes.map((r) => [r.id, r] as const),
      ...[...plan.index].filter(([id, k]) => plan.ids[k] !== id).map(([id, k]) => [id, nodes[k]] as const),
    ]),
    output: plan.output >= 0 ? nodes[plan.output] : undefined,
    gradients,
    invalid: nodes.filter((r) => r.problem !== null),
  };
}
