import type { ElementwiseOp, LocalDerivative, OpGroup, ParamSpec, Params } from './types';

/** What an elementwise op carries for the exporter, the exact engine, the formula parser and the tests. */
type Facets = Pick<ElementwiseOp, 'torch' | 'exact' | 'formula' | 'checks'>;

/** Writes a number for an explanation, parenthesised when negative: 2 + (-1). */
export const wrap = (s: string): string => (/^[-−]/.test(s) ? `(${s})` : s);

interface UnarySpec extends Facets {
  type: string;
  title: string;
  group?: OpGroup;
  keywords?: string[];
  params?: ParamSpec[];
  symbol: string | ((p: Params) => string);
  /** Plain-text form of the op applied to u. */
  text: (u: string, p: Params) => string;
  latex: (u: string, p: Params) => string;
  f: (x: number, p: Params) => number;
  /** Local derivative, given the input and the output already computed. */
  d: (x: number, out: number, p: Params) => number;
  rule: string | ((p: Params) => string);
  domain?: (x: number, p: Params) => string | null;
  summary?: (p: Params) => string;
}

/** An elementwise op of one input, port `u`. */
export function unary(s: UnarySpec): ElementwiseOp {
  const d: LocalDerivative = (a, _b, out, p) => s.d(a, out, p);
  const domain = s.domain;
  return {
    kind: 'elementwise',
    type: s.type,
    title: s.title,
    group: s.group ?? 'Arithmetic',
    keywords: s.keywords,
    inputs: [{ name: 'u' }],
    params: s.params ?? [],
    symbol: typeof s.symbol === 'string' ? () => s.symbol as string : s.symbol,
    text: ([u], p) => s.text(u, p),
    latex: ([u], p) => s.latex(u, p),
    summary: s.summary,
    forward: (a, _b, p) => s.f(a, p),
    derivative: { u: d },
    rule: (p) => ({ u: typeof s.rule === 'string' ? s.rule : s.rule(p) }),
    domain: domain ? (a, _b, p) => domain(a, p) : undefined,
    torch: s.torch,
    exact: s.exact,
    formula: s.formula,
    checks: s.checks,
  };
}

interface BinarySpec extends Facets {
  type: string;
  title: string;
  keywords?: string[];
  symbol: string;
  text: (a: string, b: string) => string;
  latex: (a: string, b: string) => string;
  f: (a: number, b: number) => number;
  da: (a: number, b: number, out: number) => number;
  db: (a: number, b: number, out: number) => number;
  rule: { a: string; b: string };
  domain?: (a: number, b: number) => string | null;
}

/** An elementwise op of two inputs, ports `a` and `b`. */
export function binary(s: BinarySpec): ElementwiseOp {
  const domain = s.domain;
  return {
    kind: 'elementwise',
    type: s.type,
    title: s.title,
    group: 'Arithmetic',
    keywords: s.keywords,
    inputs: [{ name: 'a' }, { name: 'b' }],
    params: [],
    symbol: () => s.symbol,
    text: ([a, b]) => s.text(a, b),
    latex: ([a, b]) => s.latex(a, b),
    forward: (a, b) => s.f(a, b),
    derivative: { a: (a, b, out) => s.da(a, b, out), b: (a, b, out) => s.db(a, b, out) },
    rule: () => s.rule,
    domain: domain ? (a, b) => domain(a, b) : undefined,
    torch: s.torch,
    exact: s.exact,
    formula: s.formula,
    checks: s.checks,
  };
}

export const cParam = (def: number, label = 'c'): ParamSpec => ({ name: 'c', kind: 'number', default: def, label });
