import type { MathNode } from 'mathjs';
import type { ElementwiseOp, OpDef, Params } from '../ops/types';
import { CALL, SOURCE, type Plan } from '../graph/compile';
import type { CompiledFunction } from '../graph/functions';
import type { Evaluation } from '../graph/evaluate';
import { createAlgebra, type MathJs } from './algebra';
import { createCompactness } from './compact';
import { createPrinter } from './format';
import { createSymbolicOps, type BoundParams } from './ops';
import type { ExactEngine, ExactEvaluation, ExactForm, SymbolicForm } from './types';
import { emptyRecord } from '../graph/records';

/**
 * Bounds on the analytic gradient's trees, past which mathjs's simplify takes seconds and the
 * result would not be compact anyway: the output expression as built (fan-out duplicates
 * subtrees) and after simplification, and each derivative before simplification.
 */
const MAX_EXPRESSION_NODES = 150;
const MAX_SIMPLIFIED_NODES = 50;
const MAX_DERIVATIVE_NODES = 100;

/**
 * mathjs throws where a result has no exact tree (a complex power, a division by zero met while
 * folding, an unsupported function): that only means there is no closed form, and the decimal stands.
 */
function attempt<T>(f: () => T): T | null {
  try {
    return f();
  } catch {
    return null;
  }
}

/** The exact engine over an already loaded mathjs; `loadExact()` is the way in. */
export function createExactEngine(math: MathJs): ExactEngine {
  const alg = createAlgebra(math);
  const ops = createSymbolicOps(math, alg);
  const compact = createCompactness(math);
  const print = createPrinter(math, alg);
  const exactCache = new WeakMap<Evaluation, ExactEvaluation>();
  const analyticCache = new WeakMap<Plan, Readonly<Record<string, ExactForm | null>>>();
  const ruleCache = new Map<string, MathNode | null>();

  const size = (n: MathNode) => n.filter((_m, path) => path !== 'fn').length;

  /** Trees for plan indices 0..n-1 (null until found), then the port constants' exact numbers (plan index n + c). */
  const withConstants = (plan: Plan): (MathNode | null)[] => [
    ...new Array<null>(plan.n).fill(null),
    ...plan.constants.map((v) => {
      const q = alg.rational(v);
      return q && alg.node(q);
    }),
  ];

  /** Simplified, if the result is a compact closed form. */
  const settle = (node: MathNode | null | undefined, symbolic = false): MathNode | null =>
    node
      ? attempt(() => {
          const s = alg.simplify(node);
          return compact(s, symbolic) ? s : null;
        })
      : null;

  function symbolic(node: MathNode, names?: ReadonlyMap<string, string>): SymbolicForm {
    return { text: print(node, 'text', names), latex: print(node, 'latex', names), cas: print(node, 'cas', names) };
  }

  function form(node: MathNode | null, names?: ReadonlyMap<string, string>, scope: Record<string, number> = {}): ExactForm | null {
    if (!node) return null;
    const decimal = attempt(() => Number(node.evaluate(scope)));
    return decimal !== null && Number.isFinite(decimal) ? { ...symbolic(node, names), decimal } : null;
  }

  /** An op's number parameters as exact trees by name (c of scale, pow, leaky ReLU; alpha of ELU...). */
  function param(op: OpDef, p: Params): BoundParams {
    return new Map(
      op.params.flatMap((s) => {
        const v = p[s.name];
        if (s.kind !== 'number' || typeof v !== 'number') return [];
        const q = alg.rational(v);
        return [[s.name, q && alg.node(q)] as const];
      }),
    );
  }

  /** d(op)/d(port) in terms of the port names, simplified; cached per op, parameters and port. */
  function derivativeRule(op: OpDef, p: Params, port: string): MathNode | null {
    const key = `${op.type}|${op.params.map((s) => String(p[s.name])).join(',')}|${port}`;
    if (!ruleCache.has(key)) {
      ruleCache.set(
        key,
        attempt(() => {
          const symbols = op.inputs.map((s) => new math.SymbolNode(s.name));
          const stated = ops.stated(op.type, port, symbols, param(op, p));
          if (stated) return alg.simplify(stated);
          const t = ops.apply(op.type, symbols, param(op, p));
          return t && alg.simplify(math.derivative(t, port, { simplify: false }));
        }),
      );
    }
    return ruleCache.get(key) ?? null;
  }

  /**
   * A function's body as a tree over its arguments' trees, calls inside it written out in turn;
   * null where a body op has no form (relu, max: piecewise) or a constant no fraction.
   */
  function bodyTree(fn: CompiledFunction, args: readonly MathNode[]): MathNode | null {
    const { plan } = fn;
    const t = withConstants(plan);
    fn.args.forEach((k, j) => (t[k] = args[j]));
    // Bodies nest at most as deep as the document has functions (no recursion: checked on load).
    for (let k = 0; k <= plan.output; k++) {
      if (t[k] || !plan.reaches[k]) continue;
      if (plan.kinds[k] === SOURCE) {
        const q = alg.rational(plan.sourceValues[k] as number);
        t[k] = q && alg.node(q);
        continue;
      }
      const ins = plan.inputs[k].map((i) => t[i]);
      if (!ins.every((a): a is MathNode => a !== null)) return null;
      const inner = plan.calls[k];
      t[k] = inner ? bodyTree(inner, ins) : ops.apply(plan.ops[k].type, ins, param(plan.ops[k], plan.params[k]));
    }
    return t[plan.output];
  }

  const callRules = new WeakMap<CompiledFunction, (MathNode | null)[]>();

  /** d(body)/d(argument j) over symbols _a0, _a1, ... standing for the arguments (their names may be mathjs's own, such as e or pi). */
  function callRule(fn: CompiledFunction, j: number): MathNode | null {
    let rules = callRules.get(fn);
    if (!rules) {
      const body = attempt(() =>
        bodyTree(
          fn,
          fn.args.map((_k, i) => new math.SymbolNode(`_a${i}`)),
        ),
      );
      rules = fn.args.map((_k, i) => body && attempt(() => alg.simplify(math.derivative(body, `_a${i}`, { simplify: false }))));
      callRules.set(fn, rules);
    }
    return rules[j];
  }

  /** A call's rule with the argument symbols replaced by the exact arguments. */
  const atArgs = (rule: MathNode, args: readonly MathNode[]): MathNode =>
    rule.transform((m, path) => {
      const a = math.isSymbolNode(m) && path !== 'fn' ? /^_a(\d+)$/.exec(m.name) : null;
      return a ? args[Number(a[1])] : m;
    });

  /** Replaces the port symbols of a rule with the exact inputs. */
  function substitute(rule: MathNode, op: OpDef, args: readonly MathNode[]): MathNode {
    const at = new Map(op.inputs.map((s, j) => [s.name, args[j]]));
    return rule.transform((m, path) => (math.isSymbolNode(m) && path !== 'fn' && at.has(m.name) ? (at.get(m.name) as MathNode) : m));
  }

  /** Forward: every value, and the local derivatives wherever the engine has them (the backward pass reached the node). */
  function forward(plan: Plan, ev: Evaluation) {
    const value = withConstants(plan);
    const local: (MathNode | null)[][] = plan.inputs.map((ins) => ins.map(() => null));
    for (let k = 0; k < plan.n; k++) {
      const v = ev.value(k);
      if (typeof v !== 'number') continue;
      if (plan.kinds[k] === SOURCE) {
        const q = alg.rational(v);
        value[k] = q && alg.node(q);
        continue;
      }
      const args = plan.inputs[k].map((i) => value[i]);
      if (!args.every((a): a is MathNode => a !== null)) continue;
      const op = plan.ops[k];
      const bound = param(op, plan.params[k]);
      const hasLocals = ev.local(k, 0) !== undefined;
      const fn = plan.calls[k];
      if (fn) {
        value[k] = settle(attempt(() => bodyTree(fn, args)));
        if (hasLocals)
          local[k] = args.map((_a, j) => {
            const rule = callRule(fn, j);
            return rule && settle(atArgs(rule, args));
          });
      } else if (ops.isPiecewise(op.type)) {
        const piece = attempt(() => ops.piece(op.type, args, bound));
        value[k] = settle(piece?.value);
        if (hasLocals && piece) local[k] = piece.locals.map((l) => settle(l));
      } else {
        value[k] = settle(ops.apply(op.type, args, bound));
        if (hasLocals) {
          local[k] = op.inputs.map((s) => {
            const rule = derivativeRule(op, plan.params[k], s.name);
            return rule && settle(substitute(rule, op, args));
          });
        }
      }
    }
    return { value: value.slice(0, plan.n), local };
  }

  /** Backward: b_i = Σ_j b_j · ∂f_j/∂f_i over the same consumers as the trace's contributions. */
  function backward(plan: Plan, ev: Evaluation, local: readonly (readonly (MathNode | null)[])[]) {
    const grad: (MathNode | null)[] = new Array(plan.n).fill(null);
    for (let k = plan.output; k >= 0; k--) {
      if (ev.grad(k) === undefined) continue;
      if (k === plan.output) {
        grad[k] = new math.ConstantNode(1);
        continue;
      }
      const terms = plan.consumers[k]
        .filter(({ node }) => plan.reaches[node] && ev.grad(node) !== undefined)
        .map(({ node, slot }): MathNode | null => {
          const [b, l] = [grad[node], local[node][slot]];
          return b && l ? new math.OperatorNode('*', 'multiply', [b, l]) : null;
        });
      if (terms.length > 0 && terms.every((t): t is MathNode => t !== null)) {
        grad[k] = settle(terms.reduce((s: MathNode, t) => new math.OperatorNode('+', 'add', [s, t])));
      }
    }
    return grad;
  }

  function exactValues(plan: Plan, ev: Evaluation): ExactEvaluation {
    let result = exactCache.get(ev);
    if (!result) {
      result = plan.scalarOnly
        ? scalarExact(plan, ev)
        : {
            value: new Array<null>(plan.n).fill(null),
            grad: new Array<null>(plan.n).fill(null),
            local: plan.inputs.map((ins) => ins.map(() => null)),
          };
      exactCache.set(ev, result);
    }
    return result;
  }

  function scalarExact(plan: Plan, ev: Evaluation): ExactEvaluation {
    const { value, local } = forward(plan, ev);
    const grad = backward(plan, ev, local);
    return { value: value.map((v) => form(v)), grad: grad.map((g) => form(g)), local: local.map((row) => row.map((l) => form(l))) };
  }

  function analyticGradients(plan: Plan): Readonly<Record<string, ExactForm | null>> {
    const cached = analyticCache.get(plan);
    if (cached) return cached;
    const result = emptyRecord<ExactForm | null>();
    const names = new Map<string, string>();
    const scope: Record<string, number> = {};
    const expr = withConstants(plan);
    plan.ops.forEach((op, k) => {
      if (op.type !== 'input') return;
      // Input names are not always identifiers (or may be "e"), so the tree uses aliases.
      const alias = `_in${k}`;
      const name = plan.nodes[k].name ?? plan.nodes[k].id;
      names.set(alias, name);
      result[name] = null;
      expr[k] = new math.SymbolNode(alias);
      scope[alias] = plan.sourceValues[k] as number;
    });
    if (plan.scalarOnly && plan.output >= 0) {
      for (let k = 0; k <= plan.output; k++) {
        if (!plan.reaches[k] || plan.issues[k]) continue;
        const v = plan.sourceValues[k];
        if (plan.kinds[k] === SOURCE) {
          const q = plan.ops[k].type === 'constant' && typeof v === 'number' ? alg.rational(v) : null;
          if (q) expr[k] = alg.node(q);
          continue;
        }
        const args = plan.inputs[k].map((i) => expr[i]);
        if (!args.every((a): a is MathNode => a !== null)) continue;
        const fn = plan.kinds[k] === CALL ? plan.calls[k] : null;
        const e = fn ? attempt(() => bodyTree(fn, args)) : ops.apply(plan.ops[k].type, args, param(plan.ops[k], plan.params[k]));
        expr[k] = e && size(e) <= MAX_EXPRESSION_NODES ? e : null;
      }
      const out = expr[plan.output];
      const f = out && attempt(() => alg.simplify(out));
      if (f && size(f) <= MAX_SIMPLIFIED_NODES) {
        for (const [alias, name] of names) {
          const d = attempt(() => math.derivative(f, new math.SymbolNode(alias), { simplify: false }));
          result[name] = d && size(d) <= MAX_DERIVATIVE_NODES ? form(settle(d, true), names, scope) : null;
        }
      }
    }
    analyticCache.set(plan, result);
    return result;
  }

  function localRule(op: ElementwiseOp, params: Params, port: string): SymbolicForm | null {
    if (ops.isPiecewise(op.type)) return null;
    const rule = derivativeRule(op, params, port);
    return rule && symbolic(rule);
  }

  return { exactValues, analyticGradients, localRule };
}
