import type { MathNode } from 'mathjs';
import { MAX_PART, type MathJs } from './algebra';

/** Tree sizes past which a closed form stops being worth reading: values, then analytic gradients. */
const MAX_VALUE_NODES = 24;
const MAX_SYMBOLIC_NODES = 40;

/**
 * Whether a simplified tree is a closed form worth showing: small, with integers of at most
 * twelve digits, and with numeric atoms limited to ln n, √n, e^k and n^(p/q) for integers n > 0
 * and k (integer powers of anything else are fine). The rest (tanh(3/10), sin 1, e^(1/2), a
 * leftover decimal) is rejected and the decimal is shown instead. Functions of input symbols
 * are fine in analytic gradients.
 */
export function createCompactness(math: MathJs): (node: MathNode, symbolic: boolean) => boolean {
  const isInt = (n: MathNode): boolean => math.isConstantNode(n) && typeof n.value === 'number' && Number.isSafeInteger(n.value);
  const isPositiveInt = (n: MathNode): boolean => isInt(n) && math.isConstantNode(n) && n.value > 0;
  const isSignedInt = (n: MathNode): boolean => isInt(n) || (math.isOperatorNode(n) && n.fn === 'unaryMinus' && isInt(n.args[0]));
  const isFraction = (n: MathNode): boolean =>
    isSignedInt(n) || (math.isOperatorNode(n) && n.fn === 'divide' && isSignedInt(n.args[0]) && isInt(n.args[1]));
  const numeric = (n: MathNode): boolean => n.filter((m, path) => math.isSymbolNode(m) && path !== 'fn').length === 0;

  function atomOk(n: MathNode): boolean {
    if (math.isFunctionNode(n)) {
      const [u] = n.args;
      if (n.fn.name === 'exp') return isSignedInt(u);
      return (n.fn.name === 'log' || n.fn.name === 'sqrt') && isPositiveInt(u);
    }
    // Integer powers of integers were folded when small enough, so of those only roots remain;
    // anything else may be raised to an integer power: (ln 2)^2, (1 + e^(-1))^2.
    if (!math.isOperatorNode(n)) return false;
    const [base, exp] = n.args;
    return isPositiveInt(base) ? isFraction(exp) && !isSignedInt(exp) : isSignedInt(exp);
  }

  return (node, symbolic) => {
    const all = node.filter((_m, path) => path !== 'fn');
    if (all.length > (symbolic ? MAX_SYMBOLIC_NODES : MAX_VALUE_NODES)) return false;
    return all.every((m) => {
      if (math.isConstantNode(m)) return isInt(m) && BigInt(Math.abs(m.value as number)) <= MAX_PART;
      const atom = math.isFunctionNode(m) || (math.isOperatorNode(m) && m.fn === 'pow');
      return !atom || !numeric(m) || atomOk(m);
    });
  };
}
