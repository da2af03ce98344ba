import type { MathNode } from 'mathjs';
import type { Algebra, MathJs } from './algebra';

/** Builds an op's output from its inputs' trees; `c` is the op's parameter as an exact tree. */
type Template = (x: readonly MathNode[], c: MathNode | null) => MathNode | null;

/** At one point a piecewise-linear op is one of its linear pieces: its value and local derivatives. */
export interface Piece {
  readonly value: MathNode;
  readonly locals: readonly MathNode[];
}

/** Picks the piece, given the sign of the input (or of a − b) and the op's parameter. */
type PieceRule = (x: readonly MathNode[], sign: -1 | 0 | 1, c: MathNode | null) => Piece | null;

/** The exact symbolic side of the scalar ops: every smooth op as a mathjs tree, the piecewise ones by piece. */
export interface SymbolicOps {
  /** The op applied to trees, or null for ops without one (relu, leaky ReLU, max, min, tensor ops). */
  apply(type: string, x: readonly MathNode[], c: MathNode | null): MathNode | null;
  /** The piece a piecewise op takes at these exact inputs, or null (not piecewise, or the sign is unknown). */
  piece(type: string, x: readonly MathNode[], c: MathNode | null): Piece | null;
  isPiecewise(type: string): boolean;
}

export function createSymbolicOps(math: MathJs, alg: Algebra): SymbolicOps {
  const { ConstantNode, FunctionNode, OperatorNode, SymbolNode } = math;
  const num = (v: number): MathNode => new ConstantNode(v);
  const call = (name: string, u: MathNode): MathNode => new FunctionNode(new SymbolNode(name), [u]);
  const neg = (u: MathNode): MathNode => new OperatorNode('-', 'unaryMinus', [u]);
  const add = (a: MathNode, b: MathNode): MathNode => new OperatorNode('+', 'add', [a, b]);
  const sub = (a: MathNode, b: MathNode): MathNode => new OperatorNode('-', 'subtract', [a, b]);
  const mul = (a: MathNode, b: MathNode): MathNode => new OperatorNode('*', 'multiply', [a, b]);
  const div = (a: MathNode, b: MathNode): MathNode => new OperatorNode('/', 'divide', [a, b]);
  const pow = (a: MathNode, b: MathNode): MathNode => new OperatorNode('^', 'pow', [a, b]);
  const half = (): MathNode => div(num(1), num(2));
  const withC = (f: (u: MathNode, c: MathNode) => MathNode): Template => ([u], c) => (c ? f(u, c) : null);

  // abs is smooth enough for mathjs (d|u|/du = |u|/u); the value mode still takes it piece by piece.
  const smooth: Readonly<Record<string, Template>> = {
    add: ([a, b]) => add(a, b),
    sub: ([a, b]) => sub(a, b),
    mul: ([a, b]) => mul(a, b),
    div: ([a, b]) => div(a, b),
    neg: ([u]) => neg(u),
    scale: withC((u, c) => mul(c, u)),
    addConst: withC((u, c) => add(u, c)),
    pow: withC((u, c) => pow(u, c)),
    square: ([u]) => pow(u, num(2)),
    sqrt: ([u]) => call('sqrt', u),
    reciprocal: ([u]) => div(num(1), u),
    expBase: withC((u, c) => pow(c, u)),
    exp: ([u]) => call('exp', u),
    log: ([u]) => call('log', u),
    abs: ([u]) => call('abs', u),
    sin: ([u]) => call('sin', u),
    cos: ([u]) => call('cos', u),
    tanh: ([u]) => call('tanh', u),
    sigmoid: ([u]) => div(num(1), add(num(1), call('exp', neg(u)))),
  };

  // Ties follow the engine: relu'(0) = 0, leaky'(0) = c, |u|'(0) = 0, max and min split ½ and ½.
  const pieces: Readonly<Record<string, PieceRule>> = {
    relu: ([u], s) => (s > 0 ? { value: u, locals: [num(1)] } : { value: num(0), locals: [num(0)] }),
    leakyRelu: ([u], s, c) => (s > 0 ? { value: u, locals: [num(1)] } : c ? { value: mul(c, u), locals: [c] } : null),
    abs: ([u], s) => ({ value: s < 0 ? neg(u) : s > 0 ? u : num(0), locals: [num(s)] }),
    max: ([a, b], s) => (s > 0 ? { value: a, locals: [num(1), num(0)] } : s < 0 ? { value: b, locals: [num(0), num(1)] } : { value: a, locals: [half(), half()] }),
    min: ([a, b], s) => (s < 0 ? { value: a, locals: [num(1), num(0)] } : s > 0 ? { value: b, locals: [num(0), num(1)] } : { value: a, locals: [half(), half()] }),
  };

  return {
    apply: (type, x, c) => smooth[type]?.(x, c) ?? null,
    piece(type, x, c) {
      const rule = pieces[type];
      if (!rule) return null;
      const s = alg.sign(x.length === 2 ? alg.simplify(sub(x[0], x[1])) : x[0]);
      return s === null ? null : rule(x, s, c);
    },
    isPiecewise: (type) => type in pieces,
  };
}
