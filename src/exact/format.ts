import type { Fraction, MathNode } from 'mathjs';
import { latexMath } from '../escape/latex';
import type { Algebra, MathJs } from './algebra';

/** "text": "-6 ln 2", "ln 2 · z · 2^(x - y)"; "latex": "-6 \ln 2"; "cas": "-6*log(2)". */
type Style = 'text' | 'latex' | 'cas';

/** Binding strength of what was printed, to decide where its surroundings need parentheses. */
const SUM = 1;
const PRODUCT = 2;
const POWER = 3;
const ATOM = 4;

interface Out {
  readonly s: string;
  readonly prec: number;
}

const LATEX_FUNCTIONS: Readonly<Record<string, string>> = { sin: '\\sin', cos: '\\cos', tanh: '\\tanh', sech: '\\operatorname{sech}' };

/** Prints simplified mathjs trees in the house style; `names` maps internal symbols to input names. */
export type Printer = (node: MathNode, style: Style, names?: ReadonlyMap<string, string>) => string;

export function createPrinter(math: MathJs, alg: Algebra): Printer {
  return (root, style, names = new Map()) => {
    const latex = style === 'latex';
    const paren = (s: string) => (latex ? `\\left(${s}\\right)` : `(${s})`);
    const atLeast = (o: Out, prec: number) => (o.prec >= prec ? o.s : paren(o.s));
    /** A non-negative integer or a symbol: what may follow ln, √ or ^ without parentheses. */
    const simple = (n: MathNode) => math.isSymbolNode(n) || (math.isConstantNode(n) && typeof n.value === 'number' && n.value >= 0);
    const symbol = (name: string) => {
      const shown = names.get(name) ?? name;
      if (!latex) return shown;
      return shown.length > 1 ? `\\mathrm{${latexMath(shown)}}` : latexMath(shown);
    };

    function rational(q: Fraction): Out {
      const sign = q.s < 0n ? '-' : '';
      if (q.d === 1n) return { s: `${sign}${q.n}`, prec: sign ? PRODUCT : ATOM };
      return latex ? { s: `${sign}\\frac{${q.n}}{${q.d}}`, prec: sign ? PRODUCT : ATOM } : { s: `${sign}${q.n}/${q.d}`, prec: PRODUCT };
    }

    function exponent(n: MathNode): string {
      if (latex) return `^{${print(n).s}}`;
      return simple(n) ? `^${print(n).s}` : `^(${print(n).s})`;
    }

    function sum(n: MathNode): Out {
      const terms: { minus: boolean; node: MathNode }[] = [];
      const collect = (m: MathNode, minus: boolean): void => {
        if (math.isParenthesisNode(m)) collect(m.content, minus);
        else if (math.isOperatorNode(m) && (m.fn === 'add' || m.fn === 'subtract')) {
          collect(m.args[0], minus);
          collect(m.args[1], m.fn === 'subtract' ? !minus : minus);
        } else terms.push({ minus, node: m });
      };
      collect(n, false);
      const s = terms
        .map(({ minus, node }, i) => {
          const t = atLeast(print(node), PRODUCT);
          const negative = t.startsWith('-') !== minus;
          const body = t.startsWith('-') ? t.slice(1) : t;
          return i === 0 ? `${negative ? '-' : ''}${body}` : `${negative ? ' - ' : ' + '}${body}`;
        })
        .join('');
      return { s, prec: SUM };
    }

    /** A product as its sign and the rest, so a quotient can put the sign in front. */
    function signed(n: MathNode): { minus: boolean; body: Out } {
      let coef = math.fraction(1n, 1n);
      const factors: MathNode[] = [];
      const collect = (m: MathNode): void => {
        const q = alg.valueOf(m);
        if (q) coef = coef.mul(q);
        else if (math.isParenthesisNode(m)) collect(m.content);
        else if (math.isOperatorNode(m) && m.fn === 'multiply') m.args.forEach(collect);
        else if (math.isOperatorNode(m) && m.fn === 'unaryMinus') {
          coef = coef.neg();
          collect(m.args[0]);
        } else factors.push(m);
      };
      collect(n);
      const minus = coef.s < 0n;
      const size = coef.abs();
      if (factors.length === 0) return { minus, body: rational(size) };
      if (factors.length === 1 && size.equals(1)) return { minus, body: print(factors[0]) };
      // Numbers first, then constants such as ln 2, then inputs, then the rest: "ln 2 · z · 2^(x - y)".
      const rank = (m: MathNode) => (math.isSymbolNode(m) ? 1 : hasSymbols(m) ? 2 : 0);
      const body = factors
        .map((m, i) => ({ m, i }))
        .sort((a, b) => rank(a.m) - rank(b.m) || a.i - b.i)
        .map(({ m }) => atLeast(print(m), PRODUCT))
        .join(style === 'text' ? ' · ' : latex ? ' \\cdot ' : '*');
      if (size.equals(1)) return { minus, body: { s: body, prec: PRODUCT } };
      const c = rational(size);
      const lead = c.prec === ATOM ? c.s : paren(c.s);
      const join =
        style === 'cas' ? '*' : /^([a-zA-Z√]|\\(ln|sqrt|sin|cos|tanh|operatorname|mathrm))/.test(body) ? ' ' : latex ? ' \\cdot ' : ' · ';
      return { minus, body: { s: `${lead}${join}${body}`, prec: PRODUCT } };
    }

    function product(n: MathNode): Out {
      const { minus, body } = signed(n);
      return minus ? negate(body) : body;
    }

    function quotient(a: MathNode, b: MathNode): Out {
      const q = alg.valueOf(a);
      // (1/2)/√2 reads better as 1/(2 √2).
      if (q && q.d !== 1n)
        return quotient(
          alg.node(math.fraction(q.s * q.n, 1n)),
          new math.OperatorNode('*', 'multiply', [alg.node(math.fraction(q.d, 1n)), b]),
        );
      // The sign goes in front of the fraction: -e^2/9, not (-e^2)/9.
      const { minus, body } = signed(a);
      const out = divide(body, print(b));
      return minus ? negate(out) : out;
    }

    function divide(top: Out, bottom: Out): Out {
      if (latex) return { s: `\\frac{${top.s}}{${bottom.s}}`, prec: ATOM };
      return { s: `${atLeast(top, POWER)}/${atLeast(bottom, POWER)}`, prec: PRODUCT };
    }

    function negate(o: Out): Out {
      return { s: `-${o.s.startsWith('-') ? paren(o.s) : atLeast(o, PRODUCT)}`, prec: PRODUCT };
    }

    function call(name: string, args: MathNode[]): Out {
      const [u] = args;
      const inner = () => args.map((a) => print(a).s).join(', ');
      if (style === 'cas') return { s: `${name}(${inner()})`, prec: ATOM };
      switch (name) {
        case 'log':
          if (simple(u)) return { s: `${latex ? '\\ln' : 'ln'} ${print(u).s}`, prec: PRODUCT };
          return { s: `${latex ? '\\ln' : 'ln'}${paren(inner())}`, prec: ATOM };
        case 'exp':
          return math.isConstantNode(u) && u.value === 1 ? { s: 'e', prec: ATOM } : { s: `e${exponent(u)}`, prec: POWER };
        case 'sqrt':
          if (latex) return { s: `\\sqrt{${inner()}}`, prec: ATOM };
          return { s: simple(u) ? `√${print(u).s}` : `√(${inner()})`, prec: ATOM };
        case 'abs':
          return { s: latex ? `\\left|${inner()}\\right|` : `|${inner()}|`, prec: ATOM };
        default:
          return { s: `${latex ? (LATEX_FUNCTIONS[name] ?? `\\operatorname{${name}}`) : name}${paren(inner())}`, prec: ATOM };
      }
    }

    function print(n: MathNode): Out {
      if (math.isParenthesisNode(n)) return print(n.content);
      if (math.isSymbolNode(n)) return { s: symbol(n.name), prec: ATOM };
      const q = alg.valueOf(n);
      if (q) return rational(q);
      if (math.isFunctionNode(n)) return call(n.fn.name, n.args);
      if (!math.isOperatorNode(n)) return { s: latex ? n.toTex() : n.toString(), prec: ATOM };
      const [a, b] = n.args;
      switch (n.fn) {
        case 'add':
        case 'subtract':
          return sum(n);
        case 'multiply':
          return product(n);
        case 'unaryMinus':
          return product(n);
        case 'unaryPlus':
          return print(a);
        case 'divide':
          return quotient(a, b);
        case 'pow':
          return { s: `${simple(a) ? print(a).s : paren(print(a).s)}${exponent(b)}`, prec: POWER };
        default:
          return { s: latex ? n.toTex() : n.toString(), prec: ATOM };
      }
    }

    function hasSymbols(n: MathNode): boolean {
      return n.filter((m, path) => math.isSymbolNode(m) && path !== 'fn').length > 0;
    }

    return print(root).s;
  };
}
