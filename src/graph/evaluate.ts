import type { ElementwiseOp, TensorOp } from '../ops/types';
import { OpError } from '../ops/types';
import { elementwiseBackward, elementwiseForward, elementwiseLocal } from './broadcast';
import { BINARY, CALL, MAX_ELEMENTS, opProblem, SOURCE, TENSOR, UNARY, type Plan } from './compile';
import type { NodeProblem } from './problems';
import { initTensor } from '../tensor/init';
import { inFloat32, type Float32Report } from '../ops/tensor/kernels/float32';
import { fastFloat32Applies } from './fast-float32';
import { allFinite, asTensor, sizeOf, type Tensor, type Value } from '../tensor/tensor';

/** Values and gradients of every node, by plan index; local derivatives for the step trace. */
export interface Evaluation {
  readonly plan: Plan;
  /** f_i; undefined where the node or something upstream is invalid. */
  value(k: number): Value | undefined;
  /** b_i = d(output)/d(f_i); undefined where no gradient flows (not upstream of the output, or invalid). */
  grad(k: number): Value | undefined;
  /** d f_k / d (port input), per port of an op node, once the backward pass reached it. */
  local(k: number, port: number): Value | undefined;
  /** Gradients of the tensors a node owns itself (unconnected parameter ports). */
  paramGrad(k: number, port: string): Tensor | undefined;
  /** The tensor an unconnected parameter port stands for. */
  paramValue(k: number, port: string): Tensor | undefined;
  /** What the node's forward pass writes back (batch norm's new running statistics in training mode). */
  state(k: number): Readonly<Record<string, Tensor>> | undefined;
  /** Why the node has no value or gradient, if it has none. */
  problem(k: number): NodeProblem | null;
  /** The output's value, when it has one. */
  readonly output: Value | undefined;
  /** Set when fast float32 mode ran: how many products went to float32, and their measured error. */
  readonly float32?: Float32Report;
}

export interface EvaluateOptions {
  /** Replaces source values (by plan index) for this run: the numerical check and training use it. */
  readonly overrides?: ReadonlyMap<number, Value>;
  /** Force the general path even for an all-scalar graph (tests compare the two). */
  readonly general?: boolean;
  /** Skip both passes: shapes, parameters and FLOPs only (a whole VGG needs no values to count). */
  readonly shapesOnly?: boolean;
  /** The gradient the backward pass starts from at the output (1, or ones, by default): a call's body runs with its caller's. */
  readonly seed?: Value;
  /**
   * Told when node k is done going forward (its value and problem are final) and going backward
   * (its gradient and local derivatives are final), so a worker can stream the step trace while
   * the rest still runs. `ev` reads the arrays as they are so far. Only the general path (any
   * tensor) reports; an all-scalar graph is done in milliseconds anyway.
   */
  readonly onStep?: (pass: 'forward' | 'backward', k: number, ev: Evaluation) => void;
  /**
   * Fast float32 mode: for a graph of at least FAST_F32_MIN_MACS multiply-adds, big matrix
   * products run in float32 SIMD, and the evaluation carries a `float32` report. Off by default.
   */
  readonly fastFloat32?: boolean;
}

const upstream = (plan: Plan, k: number, src: number): NodeProblem => ({ code: 'upstream', node: plan.ids[k], source: plan.ids[src] });
const gradientNotFinite = (plan: Plan, k: number): NodeProblem => ({
  code: 'not-finite',
  node: plan.ids[k],
  what: 'gradient',
  number: k + 1,
});
const valueNotFinite = (plan: Plan, k: number, a: number, b: number): NodeProblem => ({
  code: 'not-finite',
  node: plan.ids[k],
  what: 'value',
  expression: (plan.ops[k] as ElementwiseOp).text([String(a), String(b)], plan.params[k]),
});

/** Thrown inside the general pass for a problem found while computing one node; caught by its loop. */
class NodeFailure extends Error {
  constructor(readonly problem: NodeProblem) {
    super(problem.code);
  }
}

/** What running a call's body gave: its value and d(value)/d(argument) per argument, or why there is none. */
type CallResult = { readonly value: Value; readonly grads: readonly (Value | undefined)[] } | { readonly problem: NodeProblem };

/**
 * Runs the body of call node k on its arguments, forward and backward (seeded with `seed`, 1 by
 * default): for numbers the gradients are the call's local derivatives, the chain rule through
 * the body. An argument the body does not read gets 0 (undefined for a tensor: nothing flows).
 */
function runCall(plan: Plan, k: number, args: readonly Value[], seed?: Value): CallResult {
  const fn = plan.calls[k] as NonNullable<Plan['calls'][number]>;
  const overrides = new Map(fn.args.map((a, j) => [a, args[j]]));
  const ev = evaluate(fn.plan, { overrides, seed, general: args.some((a) => typeof a !== 'number') || typeof seed === 'object' });
  const value = ev.output;
  if (value === undefined) {
    // The first node of the body that failed by itself (the others wait on it).
    const inner = Array.from({ length: fn.plan.n }, (_, j) => ev.problem(j)).find((p) => p !== null && p.code !== 'upstream');
    return { problem: { code: 'in-function', node: plan.ids[k], fn: fn.def.name, problem: inner as NodeProblem } };
  }
  const scalar = args.every((a) => typeof a === 'number');
  const grads = fn.args.map((a) => (fn.plan.reaches[a] ? (ev.grad(a) ?? NaN) : scalar ? 0 : undefined));
  return { value, grads };
}

/**
 * The local derivatives of call node `k` at scalar arguments (the chain through its body), or
 * null when an argument is a tensor or the body fails there. Forward mode reads them for calls
 * the backward pass did not reach.
 */
export function callLocalsAt(plan: Plan, k: number, args: readonly Value[]): number[] | null {
  if (!args.every((a) => typeof a === 'number')) return null;
  const r = runCall(plan, k, args);
  return 'problem' in r ? null : (r.grads as number[]);
}

/** Forward pass in numbering order, then the reverse-mode pass seeded with 1 at the output. */
export function evaluate(plan: Plan, opts: EvaluateOptions = {}): Evaluation {
  if (opts.shapesOnly) return unevaluated(plan);
  const run = () => (plan.scalarOnly && !opts.general ? evaluateScalar(plan, opts) : evaluateGeneral(plan, opts));
  if (!opts.fastFloat32 || !fastFloat32Applies(plan)) return run();
  const { result, report } = inFloat32(run);
  return { ...result, float32: report };
}

function unevaluated(plan: Plan): Evaluation {
  const none = () => undefined;
  return {
    plan,
    value: none,
    grad: none,
    local: none,
    paramGrad: none,
    paramValue: none,
    state: none,
    problem: (k) => plan.issues[k] ?? null,
    output: undefined,
  };
}

/** The fast path: every value a number in a Float64Array, every local derivative kept for the trace. */
function evaluateScalar(plan: Plan, opts: EvaluateOptions): Evaluation {
  const { n, kinds, in0, in1, params, output, reaches } = plan;
  // Port constants sit after the nodes (plan index n + c): read like a source, their gradient slot never reported.
  const all = n + plan.constants.length;
  const vals = new Float64Array(all);
  vals.set(plan.constants, n);
  const grads = new Float64Array(all);
  const loc0 = new Float64Array(n);
  const loc1 = new Float64Array(n);
  // Only calls have these, and only a run's own problems go here (the plan's are read where they are): no per-node array to copy.
  const callLocals = new Map<number, readonly number[]>();
  const errors = new Map<number, NodeProblem>();
  const { issues } = plan;
  const bad = new Uint8Array(all);
  const { forward: fwd, d0, d1, domain } = plan.kernels;
  for (let k = 0; k < n; k++) {
    if (issues[k]) {
      bad[k] = 1;
      continue;
    }
    const kind = kinds[k];
    if (kind === SOURCE) {
      vals[k] = (opts.overrides?.get(k) ?? plan.sourceValues[k]) as number;
      continue;
    }
    if (kind === CALL) {
      const srcs = plan.inputs[k];
      const badSrc = srcs.find((s) => bad[s]);
      const r =
        badSrc === undefined
          ? runCall(
              plan,
              k,
              Array.from(srcs, (s) => vals[s]),
            )
          : { problem: upstream(plan, k, badSrc) };
      if ('problem' in r) {
        bad[k] = 1;
        errors.set(k, r.problem);
      } else {
        vals[k] = r.value as number;
        callLocals.set(k, r.grads as number[]);
      }
      continue;
    }
    const i0 = in0[k];
    const i1 = kind === BINARY ? in1[k] : -1;
    if (bad[i0] || (i1 >= 0 && bad[i1])) {
      bad[k] = 1;
      errors.set(k, upstream(plan, k, bad[i0] ? i0 : i1));
      continue;
    }
    const a = vals[i0];
    const b = i1 >= 0 ? vals[i1] : 0;
    const check = domain[k];
    const domainError = check === undefined ? null : check(a, b, params[k]);
    const v = domainError ? NaN : fwd[k](a, b, params[k]);
    if (domainError || !Number.isFinite(v)) {
      bad[k] = 1;
      errors.set(
        k,
        domainError ? { code: 'domain', node: plan.ids[k], op: plan.ops[k].type, detail: domainError } : valueNotFinite(plan, k, a, b),
      );
      continue;
    }
    vals[k] = v;
  }
  const hasGrad = output >= 0 && !bad[output];
  if (hasGrad) {
    grads[output] = (opts.seed as number | undefined) ?? 1;
    for (let k = output; k >= 0; k--) {
      const kind = kinds[k];
      if (!reaches[k] || kind === SOURCE) continue;
      const g = grads[k];
      if (kind === CALL) {
        const l = callLocals.get(k) as readonly number[];
        for (let s = plan.inputAt[k]; s < plan.inputAt[k + 1]; s++) grads[plan.inputFrom[s]] += g * l[s - plan.inputAt[k]];
        continue;
      }
      const i0 = in0[k];
      const a = vals[i0];
      const o = vals[k];
      const p = params[k];
      if (kind === UNARY) {
        const l = d0[k](a, 0, o, p);
        loc0[k] = l;
        grads[i0] += g * l;
      } else {
        const i1 = in1[k];
        const b = vals[i1];
        const l0 = d0[k](a, b, o, p);
        const l1 = d1[k](a, b, o, p);
        loc0[k] = l0;
        loc1[k] = l1;
        grads[i0] += g * l0;
        grads[i1] += g * l1;
      }
    }
    for (let k = 0; k <= output; k++) {
      if (reaches[k] && !Number.isFinite(grads[k]) && !issues[k] && !errors.has(k)) errors.set(k, gradientNotFinite(plan, k));
    }
  }
  const ok = (k: number) => !bad[k];
  return {
    plan,
    value: (k) => (ok(k) ? vals[k] : undefined),
    grad: (k) => (hasGrad && reaches[k] && ok(k) && Number.isFinite(grads[k]) ? grads[k] : undefined),
    local: (k, port) =>
      hasGrad && reaches[k] && kinds[k] !== SOURCE && ok(k)
        ? kinds[k] === CALL
          ? callLocals.get(k)?.[port]
          : port === 0
            ? loc0[k]
            : loc1[k]
        : undefined,
    paramGrad: () => undefined,
    paramValue: () => undefined,
    state: () => undefined,
    problem: (k) => errors.get(k) ?? issues[k] ?? null,
    output: output >= 0 && ok(output) ? vals[output] : undefined,
  };
}

const scalarOrTensor = (t: Tensor): Value => (t.shape.length === 0 ? t.data[0] : t);

/**
 * Adds one contribution to node k's gradient. The first is kept as given, not copied: an op may
 * return a tensor it shares (a reshape passes its gradient through), so it is never written to.
 * A second contribution makes a new sum, which `summed` marks as safe to add the later ones into.
 * A chain such as VGG, one contribution per node, copies no gradient at all.
 */
function addGrad(grads: (Value | undefined)[], summed: Uint8Array, k: number, g: Value): void {
  const cur = grads[k];
  if (cur === undefined) {
    grads[k] = g;
    return;
  }
  if (typeof cur === 'number' && typeof g === 'number') {
    grads[k] = cur + g;
    return;
  }
  const c = asTensor(cur);
  const d = asTensor(g);
  if (summed[k] && typeof cur !== 'number') {
    for (let i = 0; i < c.data.length; i++) c.data[i] += d.data[i];
    return;
  }
  const sum = new Float64Array(c.data.length);
  for (let i = 0; i < sum.length; i++) sum[i] = c.data[i] + d.data[i];
  grads[k] = scalarOrTensor({ shape: c.shape, data: sum });
  summed[k] = 1;
}

/** The general path: numbers where shapes are scalar, tensors elsewhere. */
function evaluateGeneral(plan: Plan, opts: EvaluateOptions): Evaluation {
  const { n, kinds, params, inputs, output, reaches } = plan;
  const vals: (Value | undefined)[] = [...new Array<undefined>(n), ...plan.constants];
  const grads: (Value | undefined)[] = new Array(n);
  const locals: (Value | undefined)[][] = new Array(n);
  const owned: (Record<string, Tensor> | undefined)[] = new Array(n);
  const ownedGrads: (Record<string, Tensor> | undefined)[] = new Array(n);
  const states: (Readonly<Record<string, Tensor>> | undefined)[] = new Array(n);
  const errors: (NodeProblem | null)[] = plan.issues.slice();
  const infinite = new Uint8Array(n);
  // Gradients this pass allocated as sums, so later contributions may be added in place (see addGrad).
  const summed = new Uint8Array(n);

  const portValues = (k: number): Record<string, Tensor> => {
    const rec: Record<string, Tensor> = { ...owned[k] };
    plan.ports[k].forEach((p, j) => {
      if (inputs[k][j] >= 0) rec[p.name] = asTensor(vals[inputs[k][j]] as Value);
    });
    return rec;
  };

  let hasGrad = false;
  const view = (): Evaluation => ({
    plan,
    value: (k) => vals[k],
    grad: (k) => (hasGrad && reaches[k] && vals[k] !== undefined && !infinite[k] ? (grads[k] ?? 0) : undefined),
    local: (k, port) => {
      const known = locals[k];
      if (!known || port >= plan.inputs[k].length) return undefined;
      // A tensor elementwise node's locals are computed the first time something (the trace) asks.
      if (known[port] === undefined && kinds[k] !== CALL && kinds[k] !== TENSOR && typeof vals[k] === 'object')
        known[port] = tensorLocal(plan, k, port, vals);
      return known[port];
    },
    paramGrad: (k, port) => ownedGrads[k]?.[port],
    paramValue: (k, port) => owned[k]?.[port],
    state: (k) => states[k],
    problem: (k) => errors[k] ?? null,
    output: output >= 0 ? vals[output] : undefined,
  });
  const live = opts.onStep ? view() : null;
  // The update clause reports node k after every iteration, including those left by `continue`.
  for (let k = 0; k < n; live && opts.onStep?.('forward', k, live), k++) {
    if (errors[k]) continue;
    const op = plan.ops[k];
    if (kinds[k] === SOURCE) {
      vals[k] = opts.overrides?.get(k) ?? plan.sourceValues[k];
      continue;
    }
    const badSrc = inputs[k].find((s) => s >= 0 && vals[s] === undefined);
    if (badSrc !== undefined) {
      errors[k] = upstream(plan, k, badSrc);
      continue;
    }
    const tooLarge = oversized(plan, k);
    if (tooLarge) {
      errors[k] = tooLarge;
      continue;
    }
    if (kinds[k] === CALL) {
      const r = runCall(
        plan,
        k,
        inputs[k].map((s) => vals[s] as Value),
      );
      if ('problem' in r) errors[k] = r.problem;
      else {
        vals[k] = r.value;
        locals[k] = r.grads as Value[];
      }
      continue;
    }
    const imp = plan.implicit[k];
    // Each owned tensor draws from its own stream (seed + port position), so a bias does not repeat its weight's numbers.
    if (imp) {
      const seed = Number(params[k].seed ?? 0);
      const slot = (port: string) => plan.ports[k].findIndex((p) => p.name === port);
      owned[k] = Object.fromEntries(
        Object.entries(imp).map(([port, s]) => [port, initTensor(s.shape, s.init, seed + slot(port), s.scale)]),
      );
    }
    try {
      vals[k] = kinds[k] === TENSOR ? forwardTensor(plan, k, portValues(k)) : forwardElementwise(plan, k, vals);
      if (op.kind === 'tensor') states[k] = op.state?.(portValues(k), params[k]) ?? undefined;
    } catch (e) {
      if (e instanceof OpError) errors[k] = opProblem(plan.ids[k], op.type, e);
      else if (e instanceof NodeFailure) errors[k] = e.problem;
      else throw e;
    }
  }

  hasGrad = output >= 0 && vals[output] !== undefined;
  if (hasGrad) {
    const out = vals[output] as Value;
    grads[output] = opts.seed ?? (typeof out === 'number' ? 1 : { shape: out.shape, data: new Float64Array(out.data.length).fill(1) });
    for (let k = output; k >= 0; live && opts.onStep?.('backward', k, live), k--) {
      // Every consumer of k comes after it, so b_k is final here: check it before anything reads it.
      const gk = grads[k];
      if (reaches[k] && gk !== undefined && !(typeof gk === 'number' ? Number.isFinite(gk) : allFinite(gk.data))) {
        errors[k] ??= gradientNotFinite(plan, k);
        infinite[k] = 1;
      }
      if (!reaches[k] || kinds[k] === SOURCE || vals[k] === undefined) continue;
      const g = grads[k] ?? 0;
      if (kinds[k] === CALL) {
        backwardCall(plan, k, vals, g, locals, grads, summed);
        continue;
      }
      if (kinds[k] === TENSOR) {
        const op = plan.ops[k] as TensorOp;
        const res = op.backward(portValues(k), asTensor(vals[k] as Value), asTensor(g), params[k]);
        plan.ports[k].forEach((p, j) => {
          const gr = res[p.name];
          if (!gr) return;
          if (inputs[k][j] >= 0) addGrad(grads, summed, inputs[k][j], scalarOrTensor(gr));
          else if (owned[k]?.[p.name]) (ownedGrads[k] ??= {})[p.name] = gr;
        });
      } else {
        locals[k] = backwardElementwise(plan, k, vals, g, grads, summed);
      }
    }
  }
  return view();
}

/** A call's backward step: numbers use the local derivatives found going forward; tensors rerun the body seeded with g. */
function backwardCall(
  plan: Plan,
  k: number,
  vals: readonly (Value | undefined)[],
  g: Value,
  locals: (Value | undefined)[][],
  grads: (Value | undefined)[],
  summed: Uint8Array,
) {
  const srcs = plan.inputs[k];
  const args = srcs.map((s) => vals[s] as Value);
  if (typeof g === 'number' && typeof vals[k] === 'number' && args.every((a) => typeof a === 'number')) {
    srcs.forEach((s, j) => addGrad(grads, summed, s, g * (locals[k][j] as number)));
    return;
  }
  // Per element, the Jacobian of an elementwise body is diagonal: no single local derivative to show.
  locals[k] = [];
  const r = runCall(plan, k, args, g);
  if ('problem' in r) return;
  srcs.forEach((s, j) => {
    const gr = r.grads[j];
    if (gr !== undefined) addGrad(grads, summed, s, gr);
  });
}

function oversized(plan: Plan, k: number): NodeProblem | null {
  const sizes = [plan.shapes[k], ...Object.values(plan.implicit[k] ?? {}).map((p) => p.shape)].map((s) => (s ? sizeOf(s) : 0));
  const biggest = Math.max(...sizes);
  return biggest > MAX_ELEMENTS ? { code: 'too-large', node: plan.ids[k], elements: biggest } : null;
}

function forwardTensor(plan: Plan, k: number, ins: Record<string, Tensor>): Value {
  const out = (plan.ops[k] as TensorOp).forward(ins, plan.params[k]);
  if (!allFinite(out.data)) throw new NodeFailure({ code: 'not-finite', node: plan.ids[k], what: 'elements' });
  return scalarOrTensor(out);
}

function forwardElementwise(plan: Plan, k: number, vals: readonly (Value | undefined)[]): Value {
  const op = plan.ops[k] as ElementwiseOp;
  const p = plan.params[k];
  const a = vals[plan.in0[k]] as Value;
  const b = plan.kinds[k] === BINARY ? (vals[plan.in1[k]] as Value) : undefined;
  if (typeof a === 'number' && (b === undefined || typeof b === 'number')) {
    const bb = b ?? 0;
    const err = op.domain?.(a, bb, p);
    if (err) throw new OpError(err, 'domain');
    const v = op.forward(a, bb, p);
    if (!Number.isFinite(v)) throw new NodeFailure(valueNotFinite(plan, k, a, bb));
    return v;
  }
  const res = elementwiseForward(op, asTensor(a), b === undefined ? null : asTensor(b), p);
  if (res.error) throw new NodeFailure({ code: 'domain', node: plan.ids[k], op: op.type, detail: res.error.detail, at: res.error.at });
  if (!res.finite) throw new NodeFailure({ code: 'not-finite', node: plan.ids[k], what: 'elements' });
  return res.out;
}

/**
 * An elementwise node's backward step. For numbers it returns the local derivatives, which the
 * trace shows; for tensors an empty list, the locals being found on request ({@link tensorLocal}).
 */
function backwardElementwise(
  plan: Plan,
  k: number,
  vals: readonly (Value | undefined)[],
  g: Value,
  grads: (Value | undefined)[],
  summed: Uint8Array,
): Value[] {
  const op = plan.ops[k] as ElementwiseOp;
  const p = plan.params[k];
  const ins = plan.inputs[k].map((s) => vals[s] as Value);
  const out = vals[k] as Value;
  if (typeof out !== 'number') {
    op.inputs.forEach((_, j) => {
      const gr = elementwiseBackward(op, j, asTensor(ins[0]), ins[1] === undefined ? null : asTensor(ins[1]), out, asTensor(g), p);
      addGrad(grads, summed, plan.inputs[k][j], scalarOrTensor(gr));
    });
    return [];
  }
  return op.inputs.map((port, j) => {
    const l = op.derivative[port.name](ins[0] as number, (ins[1] ?? 0) as number, out, p);
    addGrad(grads, summed, plan.inputs[k][j], (g as number) * l);
    return l;
  });
}

/** The local derivative of tensor elementwise node k with respect to port j, from the values the pass kept. */
function tensorLocal(plan: Plan, k: number, j: number, vals: readonly (Value | undefined)[]): Tensor {
  const ins = plan.inputs[k].map((s) => asTensor(vals[s] as Value));
  return elementwiseLocal(plan.ops[k] as ElementwiseOp, j, ins[0], ins[1] ?? null, asTensor(vals[k] as Value), plan.params[k]);
}
