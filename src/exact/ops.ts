import type { MathNode } from 'mathjs';
import { getOp } from '../ops/registry';
import type { ElementwiseOp, ExactPiece } from '../ops/types';
import type { Algebra, MathJs } from './algebra';

/** At one point a piecewise op is one of its pieces: its value and local derivatives. */
export interface Piece {
  readonly value: MathNode;
  readonly locals: readonly MathNode[];
}

/** An op's number parameters as exact trees by name (c, alpha...); null where one has no exact value. */
export type BoundParams = ReadonlyMap<string, MathNode | null>;

/** The exact symbolic side of the scalar ops, read from each op's `exact` facet. */
export interface SymbolicOps {
  /** The op applied to trees, or null for ops without a form (relu, leaky ReLU, max, min, tensor ops). */
  apply(type: string, x: readonly MathNode[], params: BoundParams): MathNode | null;
  /** The form's local derivative the op states (erf, which mathjs cannot differentiate), or null. */
  stated(type: string, port: string, x: readonly MathNode[], params: BoundParams): MathNode | null;
  /** The piece a piecewise op takes at these exact inputs, or null (not piecewise, or the sign is unknown). */
  piece(type: string, x: readonly MathNode[], params: BoundParams): Piece | null;
  isPiecewise(type: string): boolean;
}

const elementwise = (type: string): ElementwiseOp | null => {
  const op = getOp(type);
  return op?.kind === 'elementwise' ? op : null;
};

export function createSymbolicOps(math: MathJs, alg: Algebra): SymbolicOps {
  const parsed = new Map<string, MathNode>();

  /** An op's expression as a tree, parsed once: no parentheses, and -1 a constant, as the engine builds them. */
  function template(expr: string): MathNode {
    let t = parsed.get(expr);
    if (!t) {
      t = math.parse(expr).transform((n) => {
        if (math.isParenthesisNode(n)) return n.content;
        if (math.isOperatorNode(n) && n.fn === 'unaryMinus' && math.isConstantNode(n.args[0]))
          return new math.ConstantNode(-Number(n.args[0].value));
        return n;
      });
      parsed.set(expr, t);
    }
    return t;
  }

  /** The template with the op's port names and params replaced by trees; null when it needs a param without an exact value. */
  function instantiate(expr: string, op: ElementwiseOp, x: readonly MathNode[], params: BoundParams): MathNode | null {
    const bound = new Map<string, MathNode | null>(params);
    op.inputs.forEach((port, j) => bound.set(port.name, x[j]));
    let missing = false;
    const tree = template(expr).transform((n, path) => {
      if (!math.isSymbolNode(n) || path === 'fn' || !bound.has(n.name)) return n;
      const sub = bound.get(n.name) ?? null;
      if (!sub) missing = true;
      return sub ?? n;
    });
    return missing ? null : tree;
  }

  const piece = (op: ElementwiseOp, p: ExactPiece, x: readonly MathNode[], params: BoundParams): Piece | null => {
    const value = instantiate(p.value, op, x, params);
    const locals = op.inputs.map((port) => instantiate(p.d[port.name], op, x, params));
    return value && locals.every((l) => l !== null) ? { value, locals: locals as MathNode[] } : null;
  };

  const sign = (a: MathNode, b: MathNode | null) => alg.sign(b ? alg.simplify(new math.OperatorNode('-', 'subtract', [a, b])) : a);

  /** Which of 2·breaks + 1 intervals x lies in, or null when a sign is unknown. */
  function interval(op: ElementwiseOp, breaks: readonly string[], x: MathNode, params: BoundParams): number | null {
    for (let i = 0; i < breaks.length; i++) {
      const at = instantiate(breaks[i], op, [x], params);
      const s = at && sign(x, at);
      if (s === null || s === undefined) return null;
      if (s <= 0) return 2 * i + (s === 0 ? 1 : 0);
    }
    return 2 * breaks.length;
  }

  return {
    apply(type, x, params) {
      const op = elementwise(type);
      return op?.exact.form ? instantiate(op.exact.form, op, x, params) : null;
    },
    stated(type, port, x, params) {
      const op = elementwise(type);
      const d = op?.exact.d?.[port];
      return op && d ? instantiate(d, op, x, params) : null;
    },
    piece(type, x, params) {
      const op = elementwise(type);
      const { pieces, intervals } = op?.exact ?? {};
      if (!op) return null;
      if (intervals) {
        const i = interval(op, intervals.breaks, x[0], params);
        return i === null ? null : piece(op, intervals.pieces[i], x, params);
      }
      if (!pieces) return null;
      const s = sign(x[0], x.length === 2 ? x[1] : null);
      if (s === null) return null;
      return piece(op, s < 0 ? pieces.negative : s > 0 ? pieces.positive : pieces.zero, x, params);
    },
    isPiecewise: (type) => {
      const exact = elementwise(type)?.exact;
      return exact?.pieces !== undefined || exact?.intervals !== undefined;
    },
  };
}
