import { foldExpr, parseFormula, type Expr } from '../graph/formula';
import { defaultParams, FORMULA_FUNCTIONS } from '../ops/registry';
import { parseNumber } from '../format/guess';
import { MAX_ANSWER_CHARS } from './protocol';

const CONSTANTS: ReadonlyMap<string, number> = new Map([
  ['e', Math.E],
  ['pi', Math.PI],
]);

/** "-6 ln 2" (or "-6ln2") to "-6*ln(2)": predict mode's exact forms are written with spaces, the formula grammar wants * and (). */
function spelledOut(text: string): string {
  const names = [...FORMULA_FUNCTIONS.keys()].sort((a, b) => b.length - a.length).join('|');
  return text
    .replace(/\u2212/g, '-')
    .replace(/π/g, 'pi')
    .replace(/[·⋅×]/g, '*')
    .replace(new RegExp(`(?<![a-z_])(${names})\\s*(\\d+\\.?\\d*|\\.\\d+|e\\b|pi\\b)`, 'gi'), '$1($2)')
    .replace(/(\d|\))\s*(?=[a-z(])/gi, '$1*');
}

function valueOf(root: Expr): number {
  return foldExpr<number>(root, (e, parts) => {
    switch (e.kind) {
      case 'num':
        return e.value;
      case 'var':
        return CONSTANTS.get(e.name) ?? NaN;
      case 'neg':
        return -parts[0];
      case 'binary': {
        const [a, b] = parts;
        return e.op === '+' ? a + b : e.op === '-' ? a - b : e.op === '*' ? a * b : e.op === '/' ? a / b : a ** b;
      }
      case 'call': {
        const op = FORMULA_FUNCTIONS.get(e.fn);
        return op ? op.forward(parts[0], parts[1] ?? 0, defaultParams(op)) : NaN;
      }
    }
  });
}

/**
 * The number an answer stands for: what predict mode reads (a number, the true minus sign), or
 * an exact form written as predict mode shows it ("-6 ln 2", "3/4", "e^2", "-6*log(2)"),
 * evaluated with the engine's own formula grammar and ops. Null when it is neither.
 */
export function readAnswer(text: string): number | null {
  if (text.length > MAX_ANSWER_CHARS) return null;
  const plain = parseNumber(text);
  if (plain !== null) return plain;
  try {
    const v = valueOf(parseFormula(spelledOut(text.trim())));
    return Number.isFinite(v) ? v : null;
  } catch {
    return null;
  }
}
