import type { ElementwiseOp, TensorOp } from '../ops/types';
import { broadcastIndex } from './broadcast';
import { BINARY, CALL, SOURCE, TENSOR, type Plan } from './compile';
import { callLocalsAt, evaluate, type Evaluation } from './evaluate';
import type { NodeProblem } from './problems';
import { asTensor, sizeOf, type Tensor, type Value } from '../tensor/tensor';

/**
 * Forward mode needs a direction: the node x whose value is perturbed. For a tensor x, `element`
 * picks one element (the tangent is that one-hot vector); without it every element moves at once
 * (the direction of all ones), so the output's tangent is the sum of its gradient over x.
 */
export interface TangentTarget {
  /** Plan index of x: an input, or any node (then f_x is treated as free and its own inputs are ignored). */
  readonly node: number;
  readonly element?: number;
}

/** Tangents ḟ_i = ∂f_i/∂x of every node, computed in one pass in numbering order (a JVP). */
export interface Tangents {
  readonly ev: Evaluation;
  readonly target: TangentTarget;
  /** ḟ_i, of the node's shape; undefined where the node has no value or its tangent could not be formed. */
  tangent(k: number): Value | undefined;
  /** Whether f_i depends on x at all (false: ḟ_i is 0 without any arithmetic). */
  depends(k: number): boolean;
  /** ∂f_k/∂(port input) of an elementwise node that depends on x (a tensor of the output's shape on tensors). */
  local(k: number, port: number): Value | undefined;
  /** Why a node has no tangent: its own problem, or one of forward mode (too large, not finite). */
  problem(k: number): NodeProblem | null;
  /** The output's tangent, d output / d x: the reverse-mode gradient b_x, seen from the other end. */
  readonly output: Value | undefined;
}

/**
 * Work allowed for one tensor op without a JVP rule: its JVP is assembled from one backward pass
 * per output element, so output elements × (the op's multiply-adds + its inputs' elements).
 */
export const BASIS_JVP_BUDGET = 1 << 25;

const scalarOrTensor = (t: Tensor): Value => (t.shape.length === 0 ? t.data[0] : t);

/** The seed ḟ_x: 1 for a scalar x, else a one-hot tensor (or all ones) of x's shape. */
function seedOf(x: Value, element: number | undefined): Value {
  if (typeof x === 'number') return 1;
  const data = new Float64Array(x.data.length);
  if (element === undefined) data.fill(1);
  else data[element] = 1;
  return { shape: x.shape, data };
}

/** Whether a tangent holds a number that is not finite. */
const notFinite = (v: Value): boolean => (typeof v === 'number' ? !Number.isFinite(v) : !v.data.every(Number.isFinite));

/**
 * Forward-mode differentiation over an evaluated plan: ḟ_x is the seed, every other node sums
 * ∂f_i/∂f_j · ḟ_j over its inputs j that depend on x (terms from nodes that do not are exactly
 * zero and skipped, as the reverse pass skips nodes that do not reach the output).
 */
export function forwardMode(ev: Evaluation, target: TangentTarget): Tangents {
  const xv = ev.value(target.node);
  const seeds = new Map<number, Value>(xv === undefined ? [] : [[target.node, seedOf(xv, target.element)]]);
  const { tangents, locals, depends, problems } = propagate(ev, seeds);
  const { plan } = ev;
  return {
    ev,
    target,
    tangent: (k) => tangents[k],
    depends: (k) => depends[k] === 1,
    local: (k, port) => locals[k]?.[port],
    problem: (k) => problems[k],
    output: plan.output >= 0 ? tangents[plan.output] : undefined,
  };
}

/**
 * One forward-mode pass from given tangents: the seeded nodes hold theirs (their own inputs are
 * ignored), every other node gets Σ_j ∂f_i/∂f_j · ḟ_j. A call's body runs the same pass seeded at
 * its arguments with the caller's tangents, which is the JVP of the call.
 */
function propagate(ev: Evaluation, seeds: ReadonlyMap<number, Value>) {
  const { plan } = ev;
  const { n, kinds, inputs } = plan;
  const tangents: (Value | undefined)[] = new Array(n);
  const locals: (Value[] | undefined)[] = new Array(n);
  const depends = new Uint8Array(n);
  const problems: (NodeProblem | null)[] = new Array(n).fill(null);
  for (const [x, seed] of seeds) {
    depends[x] = 1;
    tangents[x] = seed;
  }
  for (let k = 0; k < n; k++) {
    if (seeds.has(k)) continue;
    const own = ev.problem(k);
    const v = ev.value(k);
    if (v === undefined) {
      problems[k] = own;
      continue;
    }
    const srcs = inputs[k];
    if (kinds[k] === SOURCE || !srcs.some((s) => s >= 0 && depends[s])) {
      tangents[k] = typeof v === 'number' ? 0 : { shape: v.shape, data: new Float64Array(v.data.length) };
      continue;
    }
    depends[k] = 1;
    const bad = srcs.find((s) => s >= 0 && depends[s] && tangents[s] === undefined);
    if (bad !== undefined) {
      problems[k] = { code: 'upstream', node: plan.ids[k], source: plan.ids[bad] };
      continue;
    }
    if (kinds[k] === CALL) {
      const res = callTangent(ev, k, depends, tangents);
      if ('problem' in res) {
        problems[k] = res.problem;
        continue;
      }
      locals[k] = res.local;
      tangents[k] = res.tangent;
    } else if (kinds[k] === TENSOR) {
      const res = tensorTangent(ev, k, depends, tangents);
      if ('problem' in res) {
        problems[k] = res.problem;
        continue;
      }
      tangents[k] = res.tangent;
    } else {
      const { tangent, local } = elementwiseTangent(plan, k, ev, depends, tangents);
      locals[k] = local;
      tangents[k] = tangent;
    }
    if (notFinite(tangents[k] as Value)) {
      problems[k] = { code: 'not-finite', node: plan.ids[k], what: 'tangent', number: k + 1 };
      tangents[k] = undefined;
    }
  }
  return { tangents, locals, depends, problems };
}

/**
 * A call's tangent. At scalar arguments it is Σ_j ∂call/∂arg_j · ḟ_arg_j with the local derivatives
 * the backward pass found (or the body run once more where it did not reach the call), so the
 * trace can show them. At tensor arguments no single local derivative exists: the body runs
 * forward mode itself, seeded at its arguments with the caller's tangents (a JVP through the body).
 */
function callTangent(
  ev: Evaluation,
  k: number,
  depends: Uint8Array,
  tangents: readonly (Value | undefined)[],
): { tangent: Value; local?: Value[] } | { problem: NodeProblem } {
  const { plan } = ev;
  const srcs = plan.inputs[k];
  const args = Array.from(srcs, (s) => ev.value(s) as Value);
  const fn = plan.calls[k] as NonNullable<Plan['calls'][number]>;
  if (args.every((a) => typeof a === 'number')) {
    const known = Array.from(srcs, (_s, j) => ev.local(k, j));
    const local = known.every((l): l is number => typeof l === 'number') ? known : callLocalsAt(plan, k, args);
    if (!local) return { problem: { code: 'no-tangent', node: plan.ids[k], op: 'call', elements: 1 } };
    return { tangent: srcs.reduce((t, s, j) => t + (depends[s] ? local[j] * (tangents[s] as number) : 0), 0), local };
  }
  const body = evaluate(fn.plan, { overrides: new Map(fn.args.map((a, j) => [a, args[j]])), general: true });
  const seeds = new Map<number, Value>();
  fn.args.forEach((a, j) => {
    const s = srcs[j];
    if (depends[s]) seeds.set(a, tangents[s] as Value);
  });
  const inner = propagate(body, seeds);
  const out = inner.tangents[fn.plan.output];
  if (out !== undefined) return { tangent: out };
  // The first node of the body that failed by itself (the others wait on it).
  const cause = inner.problems.find((p) => p !== null && p.code !== 'upstream');
  return {
    problem: cause
      ? { code: 'in-function', node: plan.ids[k], fn: fn.def.name, problem: cause }
      : { code: 'no-tangent', node: plan.ids[k], op: 'call', elements: sizeOf((plan.shapes[k] ?? []) as number[]) },
  };
}

/** ḟ_k = Σ_j ∂f_k/∂f_j ⊙ ḟ_j for an elementwise op, broadcasting each input to the output's shape. */
function elementwiseTangent(
  plan: Plan,
  k: number,
  ev: Evaluation,
  depends: Uint8Array,
  tangents: readonly (Value | undefined)[],
): { tangent: Value; local: Value[] } {
  const op = plan.ops[k] as ElementwiseOp;
  const p = plan.params[k];
  const srcs = plan.kinds[k] === BINARY ? [plan.in0[k], plan.in1[k]] : [plan.in0[k]];
  const ins = srcs.map((s) => ev.value(s) as Value);
  const out = ev.value(k) as Value;
  if (typeof out === 'number') {
    const [a, b] = [ins[0] as number, (ins[1] ?? 0) as number];
    let t = 0;
    const local = srcs.map((s, j) => {
      const l = op.derivative[op.inputs[j].name](a, b, out, p);
      if (depends[s]) t += l * (tangents[s] as number);
      return l;
    });
    return { tangent: t, local };
  }
  const a = asTensor(ins[0]);
  const b = ins[1] === undefined ? null : asTensor(ins[1]);
  const ia = broadcastIndex(a.shape, out.shape);
  const ib = b ? broadcastIndex(b.shape, out.shape) : null;
  const size = out.data.length;
  const t = new Float64Array(size);
  const local = srcs.map((s, j) => {
    const d = op.derivative[op.inputs[j].name];
    const tj = depends[s] ? asTensor(tangents[s] as Value) : null;
    const ij = tj ? broadcastIndex(tj.shape, out.shape) : null;
    const l = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      l[i] = d(a.data[ia ? ia[i] : i], b ? b.data[ib ? ib[i] : i] : 0, out.data[i], p);
      if (tj) t[i] += l[i] * tj.data[ij ? ij[i] : i];
    }
    return { shape: out.shape, data: l } as Value;
  });
  return { tangent: { shape: out.shape, data: t }, local };
}

/** The JVP of a tensor op: its own rule, else assembled from its backward pass on basis vectors. */
function tensorTangent(
  ev: Evaluation,
  k: number,
  depends: Uint8Array,
  tangents: readonly (Value | undefined)[],
): { tangent: Value } | { problem: NodeProblem } {
  const { plan } = ev;
  const op = plan.ops[k] as TensorOp;
  const p = plan.params[k];
  const ins: Record<string, Tensor> = {};
  const dots: Record<string, Tensor> = {};
  op.inputs.forEach((port, j) => {
    const s = plan.inputs[k][j];
    const owned = s < 0 ? ev.paramValue(k, port.name) : undefined;
    if (s >= 0) ins[port.name] = asTensor(ev.value(s) as Value);
    else if (owned) ins[port.name] = owned;
    if (s >= 0 && depends[s]) dots[port.name] = asTensor(tangents[s] as Value);
  });
  const out = asTensor(ev.value(k) as Value);
  if (op.jvp) return { tangent: scalarOrTensor(op.jvp(ins, out, dots, p)) };
  const size = out.data.length;
  const work = size * ((plan.costs[k]?.macs ?? 0) + Object.values(ins).reduce((acc, t) => acc + t.data.length, 0));
  if (work > BASIS_JVP_BUDGET) return { problem: { code: 'no-tangent', node: plan.ids[k], op: op.type, elements: size } };
  // Row i of the Jacobian is the VJP of the basis vector e_i; its dot with the input tangents is ḟ_i.
  const t = new Float64Array(size);
  const e: Tensor = { shape: out.shape, data: new Float64Array(size) };
  for (let i = 0; i < size; i++) {
    e.data[i] = 1;
    const rows = op.backward(ins, out, e, p);
    e.data[i] = 0;
    let acc = 0;
    for (const [port, dot] of Object.entries(dots)) {
      const row = rows[port];
      if (row) for (let q = 0; q < row.data.length; q++) acc += row.data[q] * dot.data[q];
    }
    t[i] = acc;
  }
  return { tangent: scalarOrTensor({ shape: out.shape, data: t }) };
}

/** Why a written target names no node: no such name, or an element outside x. */
export type TargetProblem =
  | { readonly code: 'unknown-target'; readonly name: string; readonly inputs: readonly string[] }
  | { readonly code: 'target-element'; readonly name: string; readonly element: number; readonly size: number };

/**
 * The target a user wrote: an input's name ("x"), a node's id or its label ("f5"), with an
 * optional flat element index for a tensor ("W[3]"). Input names win over ids and labels.
 */
export function resolveTarget(plan: Plan, written: string): { target: TangentTarget } | { problem: TargetProblem } {
  const m = /^(.*)\[(\d+)\]$/.exec(written.trim());
  const name = m ? m[1] : written.trim();
  const inputs = plan.nodes.flatMap((nd, k) => (plan.ops[k].type === 'input' ? [{ k, name: nd.name ?? nd.id }] : []));
  const byInput = inputs.find((i) => i.name === name)?.k;
  // Only nodes' labels: a port constant's label is its number, not a name of a target.
  const k = byInput ?? plan.index.get(name) ?? plan.labels.slice(0, plan.n).indexOf(name);
  if (k < 0) return { problem: { code: 'unknown-target', name, inputs: inputs.map((i) => i.name) } };
  if (!m) return { target: { node: k } };
  const element = Number(m[2]);
  const size = plan.shapes[k] ? sizeOf(plan.shapes[k]) : 0;
  if (element >= size) return { problem: { code: 'target-element', name, element, size } };
  return { target: { node: k, element } };
}
