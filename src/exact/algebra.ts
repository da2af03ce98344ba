import type { Fraction, MathNode, SimplifyRule } from 'mathjs';

/** The mathjs module, passed in by `loadExact` so that nothing here imports it eagerly. */
export type MathJs = typeof import('mathjs');

/** The largest numerator or denominator a closed form may show; past it the decimal reads better. */
export const MAX_PART = 10n ** 12n;

/** Transcendental functions whose value at a rational is kept as a symbol unless it is rational. */
const ATOMS = new Set(['log', 'exp', 'sqrt', 'sin', 'cos', 'tanh', 'sech']);

/**
 * The largest denominator a value one rounding off a fraction is snapped to: with denominators
 * this small a double lands that close to one by chance about once in 10^7.
 */
const NEAR_DENOMINATOR = 10_000n;

/** Integer powers up to this exponent are folded exactly; larger ones are left unevaluated. */
const MAX_EXPONENT = 1000n;

const OPTIONS = { exactFractions: true };

/** Exact arithmetic on mathjs trees: rationals, a simplifier that never rounds, and signs. */
export interface Algebra {
  /**
   * The simplest fraction equal to a double (11/3 for 3.6666666666666665), or within float
   * rounding of it with a small denominator (3/10 for 0.1 + 0.2), or null.
   */
  rational(x: number): Fraction | null;
  /** A fraction as a tree in mathjs's own canonical shape: 3, -3, 11/3 or -11/3. */
  node(f: Fraction): MathNode;
  /** The fraction a canonical rational tree stands for, or null for anything else. */
  valueOf(node: MathNode): Fraction | null;
  /** Simplified, with ln 2, e^3 and √2 kept exact instead of folded into decimals. */
  simplify(node: MathNode): MathNode;
  /** -1, 0 or 1, or null when a non-rational value is too close to 0 to tell in floating point. */
  sign(node: MathNode): -1 | 0 | 1 | null;
}

/** The integer k-th root of a non-negative bigint, or null if it is not a perfect power. */
function exactRoot(x: bigint, k: bigint): bigint | null {
  if (x < 2n) return x;
  let r = BigInt(Math.round(Number(x) ** (1 / Number(k))));
  for (let i = 0; i < 3 && r ** k > x; i++) r--;
  for (let i = 0; i < 3 && (r + 1n) ** k <= x; i++) r++;
  return r ** k === x ? r : null;
}

export function createAlgebra(math: MathJs): Algebra {
  const { ConstantNode, FunctionNode, OperatorNode, SymbolNode } = math;
  const int = (v: bigint): MathNode => new ConstantNode(Number(v));
  const neg = (n: MathNode): MathNode => new OperatorNode('-', 'unaryMinus', [n]);
  const fn = (name: string, args: MathNode[]): MathNode => new FunctionNode(new SymbolNode(name), args);

  function rational(x: number): Fraction | null {
    if (!Number.isFinite(x)) return null;
    // A fraction with both parts at most MAX_PART lies in [1/MAX_PART, MAX_PART]; outside it
    // (1e-300, 5e-324, 1e300) there is none, and fraction.js cannot even approximate a subnormal.
    const size = Math.abs(x);
    if (x !== 0 && (size < 1 / Number(MAX_PART) || size > Number(MAX_PART))) return null;
    // The simplest fraction first (1/3 rather than the double's binary expansion), then the
    // shortest decimal that prints as x (0.123456789 exactly).
    const decimal = String(x);
    for (const f of [math.fraction(x), ...(decimal.includes('e') ? [] : [math.fraction(decimal)])]) {
      if (f.valueOf() === x && f.n <= MAX_PART && f.d <= MAX_PART) return f;
    }
    // Float arithmetic upstream (a training step: 2 - 4/3 = 0.6666666666666667) leaves a value a
    // rounding away from the fraction meant.
    const eps = 4 * Number.EPSILON * Math.abs(x);
    const near = math.fraction(x).simplify(eps);
    return near.d <= NEAR_DENOMINATOR && near.n <= MAX_PART && Math.abs(near.valueOf() - x) <= eps ? near : null;
  }

  function node(f: Fraction): MathNode {
    const num = f.s < 0n ? neg(int(f.n)) : int(f.n);
    return f.d === 1n ? num : new OperatorNode('/', 'divide', [num, int(f.d)]);
  }

  function valueOf(n: MathNode): Fraction | null {
    if (math.isConstantNode(n))
      return typeof n.value === 'number' && Number.isSafeInteger(n.value) ? math.fraction(BigInt(n.value), 1n) : null;
    if (!math.isOperatorNode(n)) return null;
    if (n.fn === 'unaryMinus') return valueOf(n.args[0])?.neg() ?? null;
    if (n.fn !== 'divide') return null;
    const [a, b] = n.args.map(valueOf);
    return a && b && !b.equals(0) ? a.div(b) : null;
  }

  /**
   * The exact value of an atom at rational arguments when it is rational or reduces to simpler
   * atoms (ln(1/2) = -ln 2); `hide` keeps an irrational one as a symbol; null leaves it to mathjs.
   */
  function foldAtom(name: string, args: Fraction[], hide: (n: MathNode) => MathNode): MathNode | null {
    const [q, r] = args;
    const zero = q.equals(0);
    switch (name) {
      case 'log': {
        if (q.s < 0n || zero) return hide(fn('log', [node(q)]));
        const ln = (v: bigint) => (v === 1n ? int(0n) : hide(fn('log', [int(v)])));
        return q.d === 1n ? ln(q.n) : new OperatorNode('-', 'subtract', [ln(q.n), ln(q.d)]);
      }
      case 'exp':
      case 'cos':
      case 'sech':
        return zero ? int(1n) : hide(fn(name, [node(q)]));
      case 'sin':
      case 'tanh':
        return zero ? int(0n) : hide(fn(name, [node(q)]));
      case 'sqrt': {
        const [n, d] = q.s < 0n ? [null, null] : [exactRoot(q.n, 2n), exactRoot(q.d, 2n)];
        return n !== null && d !== null ? node(math.fraction(n, d)) : hide(fn('sqrt', [node(q)]));
      }
      default:
        return foldPow(q, r, hide);
    }
  }

  /** q^r: integer powers go to mathjs's exact fractions; rational roots only when exact. */
  function foldPow(q: Fraction, r: Fraction, hide: (n: MathNode) => MathNode): MathNode | null {
    const pow = (b: MathNode, e: MathNode) => new OperatorNode('^', 'pow', [b, e]);
    if (r.d === 1n) return r.n <= MAX_EXPONENT && !(q.equals(0) && r.s < 0n) ? null : hide(pow(node(q), node(r)));
    const [n, d] = q.s < 0n ? [null, null] : [exactRoot(q.n, r.d), exactRoot(q.d, r.d)];
    if (n === null || d === null || r.n > MAX_EXPONENT) return hide(pow(node(q), node(r)));
    return pow(node(math.fraction(n, d)), node(math.fraction(r.s * r.n, 1n)));
  }

  /**
   * mathjs's constant folding, except that atoms of rational arguments are swapped for
   * placeholder symbols first and restored after: mathjs would otherwise fold ln 2 into
   * 0.6931471805599453 and the exact form would be lost.
   */
  function foldConstants(root: MathNode): MathNode {
    const hidden: MathNode[] = [];
    const hide = (n: MathNode): MathNode => {
      hidden.push(n);
      return new SymbolNode(`_atom${hidden.length - 1}`);
    };
    const protect = (n: MathNode): MathNode => {
      const isPow = math.isOperatorNode(n) && n.fn === 'pow';
      const name = math.isFunctionNode(n) ? n.fn.name : isPow ? 'pow' : '';
      if (!(math.isFunctionNode(n) || math.isOperatorNode(n)) || !(isPow || ATOMS.has(name))) return n.map((c) => protect(c));
      const inner = n.args[0];
      // ln e^u = u and e^(ln u) = u (u > 0, or the engine would have reported a domain error).
      if (
        (name === 'log' && math.isFunctionNode(inner) && inner.fn.name === 'exp') ||
        (name === 'exp' && math.isFunctionNode(inner) && inner.fn.name === 'log')
      )
        return protect(inner.args[0]);
      const args = n.args.map((a) => math.simplifyConstant(protect(a), OPTIONS));
      const values = args.map(valueOf);
      const rebuilt = isPow ? new OperatorNode('^', 'pow', args) : fn(name, args);
      if (!values.every((v): v is Fraction => v !== null)) return rebuilt;
      return foldAtom(name, values, hide) ?? rebuilt;
    };
    const folded = math.simplifyConstant(protect(root), OPTIONS);
    // A copy per use: mathjs's simplify rewrites trees in place, so no subtree may be shared.
    return folded.transform((n) => (math.isSymbolNode(n) && n.name.startsWith('_atom') ? hidden[Number(n.name.slice(5))].cloneDeep() : n));
  }

  const rules: SimplifyRule[] = math.simplify.rules.map((r) => (r === math.simplifyConstant ? foldConstants : r));

  // simplify re-reads its rule list on every call, so the same subexpression (the same local
  // derivative at every step, the same value across variants) is simplified once; bounded in size.
  const simplified = new Map<string, MathNode>();

  function simplify(n: MathNode): MathNode {
    // Constant folding alone settles every rational value, at a fraction of simplify's cost.
    const folded = foldConstants(n);
    if (valueOf(folded)) return folded;
    const key = folded.toString();
    let out = simplified.get(key);
    if (!out) {
      out = math.simplify(folded, rules, {}, OPTIONS);
      if (simplified.size > 5000) simplified.clear();
      simplified.set(key, out);
    }
    return out.cloneDeep();
  }

  function sign(n: MathNode): -1 | 0 | 1 | null {
    const q = valueOf(n);
    if (q) return q.equals(0) ? 0 : q.s < 0n ? -1 : 1;
    const x = Number(n.evaluate());
    // Simplification turns an exact zero into 0, so a non-rational value near 0 is genuinely
    // small; below this bound float rounding could still flip its sign.
    if (!Number.isFinite(x) || Math.abs(x) < 1e-9) return null;
    return x < 0 ? -1 : 1;
  }

  return { rational, node, valueOf, simplify, sign };
}
