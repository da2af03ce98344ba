/**
 * Formulas typed by hand ("z * 2^(x - y)"): a tokenizer, a recursive-descent parser to an AST,
 * and a printer that writes the AST back with as few parentheses as the grammar allows. The
 * parser's recursion is bounded by MAX_DEPTH; a long chain (x + x + ... + x, 100,000 terms) is a
 * loop in the parser but a deep tree, so everything that walks the tree uses {@link foldExpr}.
 *
 *   sum     := product (('+' | '-') product)*
 *   product := unary (('*' | '/') unary)*
 *   unary   := ('-' | '+') unary | power
 *   power   := primary ('^' unary)?          right-associative; binds tighter than unary minus
 *   primary := number | name | function '(' sum (',' sum)* ')' | '(' sum ')'
 */
import { FORMULA_FUNCTIONS } from '../ops/registry';

/**
 * Functions a formula may call, with how many arguments each takes: the `formula` names of the
 * registry's elementwise ops, each taking as many arguments as its op has inputs.
 */
export const FUNCTIONS: ReadonlyMap<string, number> = new Map([...FORMULA_FUNCTIONS].map(([name, op]) => [name, op.inputs.length]));

/** A name in {@link FUNCTIONS}. */
export type FunctionName = string;
export type BinaryOperator = '+' | '-' | '*' | '/' | '^';

/** A parsed formula. Unary plus leaves no trace; `ln` and `log` stay as written so printing round-trips. */
export type Expr =
  | { readonly kind: 'num'; readonly value: number }
  | { readonly kind: 'var'; readonly name: string }
  | { readonly kind: 'neg'; readonly arg: Expr }
  | { readonly kind: 'binary'; readonly op: BinaryOperator; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'call'; readonly fn: FunctionName; readonly args: readonly Expr[] };

/** A syntax error at a 1-based column; the message starts with "column N: ". */
export class FormulaError extends Error {
  override readonly name = 'FormulaError';
  constructor(
    readonly column: number,
    /** The message without the column prefix, for a UI that points at the column itself. */
    readonly detail: string,
  ) {
    super(`column ${column}: ${detail}`);
  }
}

type Token =
  | { readonly kind: 'num'; readonly text: string; readonly column: number }
  | { readonly kind: 'name'; readonly text: string; readonly column: number }
  | { readonly kind: 'punct'; readonly text: string; readonly column: number }
  | { readonly kind: 'end'; readonly text: ''; readonly column: number };

const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const WHITESPACE = /\s+/y;
const PUNCTUATION = '+-*/^(),';
/** Deep enough for any hand-written formula, shallow enough that recursion cannot overflow the stack. */
const MAX_DEPTH = 500;

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  const at = (re: RegExp, i: number): string | null => {
    re.lastIndex = i;
    return re.exec(src)?.[0] ?? null;
  };
  let i = 0;
  while (i < src.length) {
    const column = i + 1;
    const space = at(WHITESPACE, i);
    if (space) {
      i += space.length;
      continue;
    }
    const num = at(NUMBER, i);
    const name = num ? null : at(NAME, i);
    let token: Token;
    if (num) token = { kind: 'num', text: num, column };
    else if (name) token = { kind: 'name', text: name, column };
    else if (PUNCTUATION.includes(src[i])) token = { kind: 'punct', text: src[i], column };
    else throw new FormulaError(column, `unexpected character '${src[i]}'`);
    tokens.push(token);
    i += token.text.length;
  }
  tokens.push({ kind: 'end', text: '', column: src.length + 1 });
  return tokens;
}

const describeToken = (t: Token): string => (t.kind === 'end' ? 'end of input' : `'${t.text}'`);

/** Functions the document defines, by name, with how many arguments each takes. */
export type UserFunctions = ReadonlyMap<string, number>;

const NONE: UserFunctions = new Map();

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly user: UserFunctions,
  ) {}

  private arity(name: string): number | undefined {
    return FUNCTIONS.get(name) ?? this.user.get(name);
  }

  parse(): Expr {
    const e = this.sum();
    const t = this.peek();
    if (t.kind === 'end') return e;
    if (t.text === ')') throw new FormulaError(t.column, "unmatched ')'");
    throw new FormulaError(t.column, `expected an operator or end of input but found ${describeToken(t)}`);
  }

  private peek(): Token {
    return this.tokens[this.pos];
  }

  private next(): Token {
    return this.tokens[this.pos++];
  }

  private accept(text: string): boolean {
    const t = this.peek();
    if (t.kind !== 'punct' || t.text !== text) return false;
    this.pos++;
    return true;
  }

  private expect(text: string, after = ''): void {
    const t = this.peek();
    if (!this.accept(text)) throw new FormulaError(t.column, `expected '${text}'${after} but found ${describeToken(t)}`);
  }

  private nested<T>(column: number, parse: () => T): T {
    if (++this.depth > MAX_DEPTH) throw new FormulaError(column, `nested more than ${MAX_DEPTH} levels deep`);
    const result = parse();
    this.depth--;
    return result;
  }

  private sum(): Expr {
    let left = this.product();
    for (let op = this.peek().text; op === '+' || op === '-'; op = this.peek().text) {
      this.pos++;
      left = { kind: 'binary', op, left, right: this.product() };
    }
    return left;
  }

  private product(): Expr {
    let left = this.unary();
    for (let op = this.peek().text; op === '*' || op === '/'; op = this.peek().text) {
      this.pos++;
      left = { kind: 'binary', op, left, right: this.unary() };
    }
    return left;
  }

  private unary(): Expr {
    const t = this.peek();
    if (this.accept('-')) return this.nested(t.column, () => ({ kind: 'neg', arg: this.unary() }));
    if (this.accept('+')) return this.nested(t.column, () => this.unary());
    return this.power();
  }

  private power(): Expr {
    const base = this.primary();
    const t = this.peek();
    if (!this.accept('^')) return base;
    // The exponent is a unary so that 2^-x parses and 2^3^2 recurses to the right: 2^(3^2).
    return this.nested(t.column, () => ({ kind: 'binary', op: '^', left: base, right: this.unary() }));
  }

  private primary(): Expr {
    const t = this.next();
    if (t.kind === 'num') {
      const value = Number(t.text);
      if (!Number.isFinite(value)) throw new FormulaError(t.column, `number ${t.text} is too large`);
      return { kind: 'num', value };
    }
    if (t.kind === 'name') return this.arity(t.text) !== undefined ? this.call(t.text, t.column) : this.variable(t);
    if (t.kind === 'punct' && t.text === '(') {
      return this.nested(t.column, () => {
        const inner = this.sum();
        this.expect(')');
        return inner;
      });
    }
    throw new FormulaError(t.column, `expected a number, a name, '(' or '-' but found ${describeToken(t)}`);
  }

  private variable(t: Token): Expr {
    if (this.peek().text === '(') throw new FormulaError(t.column, `unknown function '${t.text}'`);
    return { kind: 'var', name: t.text };
  }

  private call(fn: FunctionName, column: number): Expr {
    this.expect('(', ` after '${fn}'`);
    const args = this.nested(column, () => {
      if (this.accept(')')) return [];
      const list = [this.sum()];
      while (this.accept(',')) list.push(this.sum());
      const t = this.peek();
      if (!this.accept(')')) throw new FormulaError(t.column, `expected ',' or ')' but found ${describeToken(t)}`);
      return list;
    });
    const arity = this.arity(fn);
    if (args.length !== arity) {
      throw new FormulaError(column, `${fn} takes ${arity} argument${arity === 1 ? '' : 's'} but got ${args.length}`);
    }
    return { kind: 'call', fn, args };
  }
}

/**
 * Parses a formula such as `z * 2^(x - y)`, or `swish(x*y) + x` given the functions the document
 * defines. Function names are reserved: `exp` without `(` is an error rather than a variable, so a
 * forgotten parenthesis is caught where it happens.
 * @throws FormulaError with the 1-based column of the first problem.
 */
export function parseFormula(src: string, functions: UserFunctions = NONE): Expr {
  return new Parser(tokenize(src), functions).parse();
}

/** The names of the functions an expression calls, built-in ones included. */
export function calledFunctions(expr: Expr): Set<string> {
  const names = new Set<string>();
  foldExpr<null>(expr, (e) => {
    if (e.kind === 'call') names.add(e.fn);
    return null;
  });
  return names;
}

const children = (e: Expr): readonly Expr[] =>
  e.kind === 'neg' ? [e.arg] : e.kind === 'binary' ? [e.left, e.right] : e.kind === 'call' ? e.args : [];

/**
 * Folds an expression bottom-up, children left to right before their parent, with an explicit
 * stack: `combine` gets a node and its children's results. No recursion, so no depth limit.
 */
export function foldExpr<T>(root: Expr, combine: (e: Expr, parts: readonly T[]) => T): T {
  const results: T[] = [];
  const todo: { e: Expr; expanded: boolean }[] = [{ e: root, expanded: false }];
  while (todo.length) {
    const item = todo[todo.length - 1];
    const kids = children(item.e);
    if (!item.expanded && kids.length) {
      item.expanded = true;
      for (let i = kids.length - 1; i >= 0; i--) todo.push({ e: kids[i], expanded: false });
      continue;
    }
    todo.pop();
    results.push(combine(item.e, results.splice(results.length - kids.length, kids.length)));
  }
  return results[0];
}

const BINARY_PRECEDENCE: Record<BinaryOperator, number> = { '+': 1, '-': 1, '*': 2, '/': 2, '^': 4 };
const NEG_PRECEDENCE = 3;
const ATOM_PRECEDENCE = 5;

type Printed = readonly [text: string, precedence: number];

/** A part in parentheses when it binds more loosely than its place requires. */
const at = ([text, precedence]: Printed, min: number): string => (precedence < min ? `(${text})` : text);

function printBare(e: Expr, parts: readonly Printed[]): Printed {
  switch (e.kind) {
    case 'num':
      // A negative literal cannot come from the parser; it prints as a negation of the same value.
      return e.value < 0 || Object.is(e.value, -0) ? [`-${String(-e.value)}`, NEG_PRECEDENCE] : [String(e.value), ATOM_PRECEDENCE];
    case 'var':
      return [e.name, ATOM_PRECEDENCE];
    case 'neg':
      return [`-${at(parts[0], NEG_PRECEDENCE)}`, NEG_PRECEDENCE];
    case 'call':
      return [`${e.fn}(${parts.map((a) => at(a, 0)).join(', ')})`, ATOM_PRECEDENCE];
    case 'binary': {
      const p = BINARY_PRECEDENCE[e.op];
      const [l, r] = parts;
      if (e.op === '^') return [`${at(l, ATOM_PRECEDENCE)}^${at(r, NEG_PRECEDENCE)}`, p];
      // Left-associative: the right operand needs parentheses at equal precedence (a - (b - c)).
      return [`${at(l, p)} ${e.op} ${at(r, p + 1)}`, p];
    }
  }
}

/** Writes an expression back as formula text that parses to the same AST (`x^2 * (y + 1)`). */
export const printExpr = (e: Expr): string => foldExpr<Printed>(e, printBare)[0];

const collator = new Intl.Collator('en', { numeric: true });

/** Orders names the way people count: x before y, w2 before w10; ties (x01, x1) by code unit. */
const naturalCompare = (a: string, b: string): number => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);

/** The distinct variable names of an expression, in natural order (w0, w1, w2, x0, x1, ..., w10 after w2). */
export function formulaVariables(expr: Expr): string[] {
  const names = new Set<string>();
  foldExpr<null>(expr, (e) => {
    if (e.kind === 'var') names.add(e.name);
    return null;
  });
  return [...names].sort(naturalCompare);
}
