import type { Float32Report } from '../../ops/tensor/kernels/float32';
import { activationBytes } from '../../format/memory';
import type { Analysis } from '../../graph/analyze';
import { SOURCE, type Plan } from '../../graph/compile';
import { sameProblem, type NodeProblem } from '../../graph/problems';
import { sizeOf } from '../../tensor/tensor';
import type { Cost } from '../../ops/types';

/** A tensor as it crosses to and from the worker: its data buffer is transferred, not copied. */
export interface WireTensor {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

export type WireValue = number | WireTensor;

/** Everything the UI shows about one node after evaluation; plain data, so a worker can post it. */
export interface NodeView {
  readonly id: string;
  /** Position in the numbering: f_{index+1}. */
  readonly index: number;
  readonly label: string;
  readonly name: string;
  readonly op: string;
  readonly value: WireValue | undefined;
  readonly grad: WireValue | undefined;
  readonly shape: readonly number[] | null;
  /** Why it has no value, worded for display by problemText with the labels of the views beside it. */
  readonly problem: NodeProblem | null;
  readonly cost: Cost | null;
  readonly memoryBytes: number | null;
  /** Tensors the node owns itself (an unconnected weight or bias), by port. */
  readonly owned: readonly { readonly port: string; readonly shape: readonly number[] }[];
  /** What its forward pass writes back (batch norm's updated running mean and variance), by port; absent while pending. */
  readonly state?: Readonly<Record<string, WireTensor>>;
}

export interface EvalSnapshot {
  readonly nodes: readonly NodeView[];
  readonly outputId: string | null;
  /** An expanded call's id and the id of its body's output, whose results it shows. */
  readonly aliases: readonly (readonly [call: string, output: string])[];
  /** What fast float32 mode did, when it ran. */
  readonly float32?: Float32Report;
}

/** Each expanded call of the plan with the body node that stands for it (the engine's alias). */
function aliasesOf(plan: Plan): [string, string][] {
  const calls = new Set(plan.inside.filter((c): c is string => c !== null));
  return [...calls].map((c) => [c, plan.ids[plan.index.get(c) as number]]);
}

export function snapshotOf(a: Analysis): EvalSnapshot {
  return {
    outputId: a.output?.id ?? null,
    aliases: aliasesOf(a.plan),
    ...(a.evaluation.float32 && { float32: a.evaluation.float32 }),
    nodes: a.nodes.map((r) => ({
      id: r.id,
      index: r.index,
      label: r.label,
      name: r.name,
      op: r.op,
      value: r.value,
      grad: r.grad,
      shape: r.shape,
      problem: r.problem,
      cost: r.cost,
      memoryBytes: r.memoryBytes,
      owned: r.owned.map((o) => ({ port: o.port, shape: o.value.shape })),
      ...(r.state && { state: r.state }),
    })),
  };
}

type Carried = Pick<NodeView, 'value' | 'grad' | 'problem'>;

/** Node views from a plan's static facts (labels, shapes, costs), with the values each node carries. */
function viewsOf(plan: Plan, carry: (id: string, k: number) => Carried): EvalSnapshot {
  return {
    outputId: plan.output >= 0 ? plan.ids[plan.output] : null,
    aliases: aliasesOf(plan),
    nodes: plan.nodes.map((nd, k) => {
      const shape = plan.shapes[k];
      return {
        id: nd.id,
        index: k,
        label: plan.labels[k],
        name: plan.kinds[k] === SOURCE ? (nd.name ?? nd.id) : plan.labels[k],
        op: nd.op,
        ...carry(nd.id, k),
        shape,
        cost: plan.costs[k],
        memoryBytes: shape ? activationBytes(sizeOf(shape)) : null,
        owned: Object.entries(plan.implicit[k] ?? {}).map(([port, imp]) => ({ port, shape: imp.shape })),
      };
    }),
  };
}

/**
 * What is known before evaluating: labels, shapes, costs and static problems. Values carry over
 * from the previous results where a node keeps its op and shape (an edit in progress), so the
 * canvas does not blank while a worker computes the new ones.
 */
export function pendingSnapshot(plan: Plan, previous: ReadonlyMap<string, NodeView>): EvalSnapshot {
  return viewsOf(plan, (id, k) => {
    const shape = plan.shapes[k];
    const old = previous.get(id);
    const keep = old !== undefined && old.op === plan.nodes[k].op && shape !== null && old.shape !== null && sameShape(old.shape, shape);
    return { value: keep ? old.value : undefined, grad: keep ? old.grad : undefined, problem: plan.issues[k] };
  });
}

/**
 * Finished results re-read under a plan with the same evaluation fingerprint (only labels, names
 * or positions changed): values, gradients and errors by node id, numbering and labels from the
 * plan. Null when the numbering changed and a problem was found by evaluating (a gradient's
 * number is b_i of the old numbering); the document must then be evaluated again.
 */
export function relabelled(plan: Plan, finished: ReadonlyMap<string, NodeView>): EvalSnapshot | null {
  let renumbered = false;
  let runtimeErrors = false;
  plan.ids.forEach((id, k) => {
    const v = finished.get(id);
    if (!v) renumbered = true;
    else {
      if (v.index !== k || v.label !== plan.labels[k]) renumbered = true;
      if (v.problem !== null && !sameProblem(v.problem, plan.issues[k])) runtimeErrors = true;
    }
  });
  if (renumbered && runtimeErrors) return null;
  return viewsOf(plan, (id, k) => {
    const v = finished.get(id);
    return { value: v?.value, grad: v?.grad, problem: plan.issues[k] ?? v?.problem ?? null };
  });
}

/** The distinct buffers of a snapshot's tensors, for postMessage's transfer list. */
export function transferables(s: EvalSnapshot): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const n of s.nodes) {
    for (const v of [n.value, n.grad, ...Object.values(n.state ?? {})])
      if (v !== undefined && typeof v !== 'number') buffers.add(v.data.buffer as ArrayBuffer);
  }
  return [...buffers];
}

function sameShape(a: readonly number[] | null, b: readonly number[] | null): boolean {
  return a === b || (a !== null && b !== null && a.length === b.length && a.every((d, i) => d === b[i]));
}

/** Equal numbers, or both missing; tensors never compare equal (checking them would cost as much as drawing). */
const sameScalar = (a: WireValue | undefined, b: WireValue | undefined) => typeof a !== 'object' && a === b;

/** Scalar results that did not change keep their identity, so their nodes and edges do not re-render. */
export function sameView(a: NodeView, b: NodeView): boolean {
  return (
    a.index === b.index &&
    a.label === b.label &&
    a.name === b.name &&
    a.op === b.op &&
    sameProblem(a.problem, b.problem) &&
    sameScalar(a.value, b.value) &&
    sameScalar(a.grad, b.grad) &&
    sameShape(a.shape, b.shape) &&
    a.cost?.params === b.cost?.params &&
    a.cost?.macs === b.cost?.macs &&
    a.owned.length === 0 &&
    b.owned.length === 0
  );
}
