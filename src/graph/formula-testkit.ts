/**
 * Test support for the formula parser and its graphs: an evaluator written from the math, not
 * from the ops, and fast-check generators of formulas. Used by tests only.
 */
import fc from 'fast-check';
import { FUNCTIONS, type BinaryOperator, type Expr, type FunctionName } from './formula';

/** The formula functions, from their definitions in math (an op added later is checked by the registry test). */
const MATH: Record<FunctionName, (a: number, b: number) => number> = {
  exp: Math.exp,
  log: Math.log,
  ln: Math.log,
  sqrt: Math.sqrt,
  abs: Math.abs,
  relu: (a) => Math.max(0, a),
  sigmoid: (a) => 1 / (1 + Math.exp(-a)),
  tanh: Math.tanh,
  sin: Math.sin,
  cos: Math.cos,
  max: Math.max,
  min: Math.min,
};

const ARITHMETIC: Record<BinaryOperator, (a: number, b: number) => number> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '^': Math.pow,
};

/** Evaluates an AST with Math, as a hand calculation would. */
export function evaluateExpr(e: Expr, vars: Readonly<Record<string, number>> = {}): number {
  switch (e.kind) {
    case 'num':
      return e.value;
    case 'var':
      return vars[e.name] ?? Number.NaN;
    case 'neg':
      return -evaluateExpr(e.arg, vars);
    case 'binary':
      return ARITHMETIC[e.op](evaluateExpr(e.left, vars), evaluateExpr(e.right, vars));
    case 'call': {
      const [a, b] = e.args.map((x) => evaluateExpr(x, vars));
      return MATH[e.fn](a, b ?? Number.NaN);
    }
  }
}

/** |a − b| / max(1, |a|, |b|) within tol, or both the same non-finite value. */
export function close(a: number, b: number, tol = 1e-9): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
  return Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b)) <= tol;
}

const num = (value: number): Expr => ({ kind: 'num', value });
const bin = (op: BinaryOperator, left: Expr, right: Expr): Expr => ({ kind: 'binary', op, left, right });
const call = (fn: FunctionName, ...args: Expr[]): Expr => ({ kind: 'call', fn, args });

/** Variable names of the grammar; function names are reserved. */
const variableName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,4}$/).filter((s) => !FUNCTIONS.has(s));

/**
 * Any AST the parser can produce: non-negative finite literals (a minus is always a `neg`
 * node), every operator and every function with its arity.
 */
const anyExprOf: fc.Memo<Expr> = fc.memo((depth): fc.Arbitrary<Expr> => {
  const leaf = fc.oneof(
    fc.double({ min: 0, max: Number.MAX_VALUE, noNaN: true }).map((v) => num(Math.abs(v))),
    fc.nat(1000).map(num),
    variableName.map((name): Expr => ({ kind: 'var', name })),
  );
  if (depth <= 1) return leaf;
  const sub = anyExprOf(depth - 1);
  const fn = fc.constantFrom(...Object.keys(MATH));
  return fc.oneof(
    leaf,
    sub.map((arg): Expr => ({ kind: 'neg', arg })),
    fc.tuple(fc.constantFrom<BinaryOperator>('+', '-', '*', '/', '^'), sub, sub).map(([op, l, r]) => bin(op, l, r)),
    fc.tuple(fn, sub, sub).map(([f, a, b]) => call(f, ...(FUNCTIONS.get(f) === 1 ? [a] : [a, b]))),
  );
});
export const anyExpr = anyExprOf(5);

/** The variables {@link guardedExpr} uses, so a test can give each a value. */
export const GUARDED_VARIABLES = ['x', 'y', 'z'] as const;

/**
 * Formulas that evaluate without domain errors: division, log, sqrt and a variable base are
 * applied only to d^2 + 1 (never below 1), and a constant exponent is 0 to 3. Values can still
 * overflow (exp of exp); {@link tame} tells those apart.
 */
const guardedExprOf: fc.Memo<Expr> = fc.memo((depth): fc.Arbitrary<Expr> => {
  const leaf = fc.oneof(
    fc.integer({ min: 0, max: 9 }).map(num),
    fc.constantFrom(0.5, 0.25, 1.5).map(num),
    fc.constantFrom(...GUARDED_VARIABLES).map((name): Expr => ({ kind: 'var', name })),
  );
  if (depth <= 1) return leaf;
  const sub = guardedExprOf(depth - 1);
  const positive = sub.map((d) => bin('+', bin('^', d, num(2)), num(1)));
  const safe = fc.constantFrom<FunctionName>('exp', 'abs', 'relu', 'sigmoid', 'tanh', 'sin', 'cos');
  return fc.oneof(
    leaf,
    sub.map((arg): Expr => ({ kind: 'neg', arg })),
    fc.tuple(fc.constantFrom<BinaryOperator>('+', '-', '*'), sub, sub).map(([op, l, r]) => bin(op, l, r)),
    fc.tuple(sub, positive).map(([l, r]) => bin('/', l, r)),
    fc.tuple(sub, fc.integer({ min: 0, max: 3 })).map(([l, c]) => bin('^', l, num(c))),
    fc.tuple(fc.constantFrom(2, 0.5), sub).map(([c, r]) => bin('^', num(c), r)),
    fc.tuple(positive, sub).map(([l, r]) => bin('^', l, r)),
    fc.tuple(fc.constantFrom<FunctionName>('log', 'ln', 'sqrt'), positive).map(([f, a]) => call(f, a)),
    fc.tuple(safe, sub).map(([f, a]) => call(f, a)),
    fc.tuple(fc.constantFrom<FunctionName>('max', 'min'), sub, sub).map(([f, a, b]) => call(f, a, b)),
  );
});
export const guardedExpr = guardedExprOf(4);

/** A point to evaluate a guarded formula at: each variable in [-2, 2]. */
export const guardedPoint = fc.record({
  x: fc.double({ min: -2, max: 2, noNaN: true }),
  y: fc.double({ min: -2, max: 2, noNaN: true }),
  z: fc.double({ min: -2, max: 2, noNaN: true }),
});

function* subexpressions(e: Expr): Generator<Expr> {
  yield e;
  const children = e.kind === 'neg' ? [e.arg] : e.kind === 'binary' ? [e.left, e.right] : e.kind === 'call' ? e.args : [];
  for (const child of children) yield* subexpressions(child);
}

/**
 * Whether every subexpression stays within ±limit. Two correct graphs of one formula may round
 * differently (x/3 is scale by 1/3); large intermediates such as sin(1e20) would magnify that
 * last-bit difference into a different answer.
 */
export function tame(e: Expr, vars: Readonly<Record<string, number>>, limit = 1e4): boolean {
  for (const s of subexpressions(e)) if (!(Math.abs(evaluateExpr(s, vars)) <= limit)) return false;
  return true;
}
