import type { MathNode } from 'mathjs';
import { getOp } from '../ops/registry';
import type { ElementwiseOp, ExactPiece } from '../ops/types';
import type { Algebra, MathJs } from './algebra';

/** At one point a piecewise-linear op is one of its linear pieces: its value and local derivatives. */
interface Piece {
  readonly value: MathNode;
  readonly locals: readonly MathNode[];
}

/** The exact symbolic side of the scalar ops, read from each op's `exact` facet. */
export interface SymbolicOps {
  /** The op applied to trees, or null for ops without a form (relu, leaky ReLU, max, min, tensor ops). */
  apply(type: string, x: readonly MathNode[], c: MathNode | null): MathNode | null;
  /** The piece a piecewise op takes at these exact inputs, or null (not piecewise, or the sign is unknown). */
  piece(type: string, x: readonly MathNode[], c: MathNode | null): Piece | null;
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

  /** The template with the op's port names and `c` replaced by trees; null when it needs a c there is none of. */
  function instantiate(expr: string, op: ElementwiseOp, x: readonly MathNode[], c: MathNode | null): MathNode | null {
    const bound = new Map<string, MathNode | null>(op.inputs.map((port, j) => [port.name, x[j]]));
    bound.set('c', c);
    let missing = false;
    const tree = template(expr).transform((n) => {
      if (!math.isSymbolNode(n) || !bound.has(n.name)) return n;
      const sub = bound.get(n.name) ?? null;
      if (!sub) missing = true;
      return sub ?? n;
    });
    return missing ? null : tree;
  }

  const piece = (op: ElementwiseOp, p: ExactPiece, x: readonly MathNode[], c: MathNode | null): Piece | null => {
    const value = instantiate(p.value, op, x, c);
    const locals = op.inputs.map((port) => instantiate(p.d[port.name], op, x, c));
    return value && locals.every((l) => l !== null) ? { value, locals: locals as MathNode[] } : null;
  };

  return {
    apply(type, x, c) {
      const op = elementwise(type);
      return op?.exact.form ? instantiate(op.exact.form, op, x, c) : null;
    },
    piece(type, x, c) {
      const op = elementwise(type);
      const pieces = op?.exact.pieces;
      if (!op || !pieces) return null;
      const s = alg.sign(x.length === 2 ? alg.simplify(new math.OperatorNode('-', 'subtract', [x[0], x[1]])) : x[0]);
      if (s === null) return null;
      return piece(op, s < 0 ? pieces.negative : s > 0 ? pieces.positive : pieces.zero, x, c);
    },
    isPiecewise: (type) => elementwise(type)?.exact.pieces !== undefined,
  };
}
