import { FORMULA_FUNCTIONS, getOp } from '../ops/registry';
import type { Params } from '../ops/types';
import { foldExpr, formulaVariables, parseFormula, type BinaryOperator, type Expr, type UserFunctions } from './formula';
import { layoutDocument } from './layout';
import { FORMAT, VERSION, type FunctionDef, type GraphDocument, type GraphEdge, type GraphNode } from './schema';

export interface FormulaDocumentOptions {
  /** Values of the input nodes by variable name; missing ones are 0. Each must be finite. */
  values?: Record<string, number>;
  /** Writes a - b as a + (-b) with a `neg` node, the way the exams number their graphs. */
  expandSub?: boolean;
  title?: string;
  description?: string;
  /** Functions the formula may call (`swish(u) = u * sigmoid(u)`); the document stores them. */
  functions?: readonly FunctionDef[];
}

/** The name → arity map the parser takes, from definitions. */
export const arities = (defs: readonly FunctionDef[] = []): UserFunctions => new Map(defs.map((d) => [d.name, d.args.length]));

const ARITHMETIC_OPS: Record<Exclude<BinaryOperator, '^'>, string> = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div' };

/** A lowered subexpression: a number not yet placed in the graph, or the id of the node computing it. */
type Operand = { readonly value: number } | { readonly id: string };

const isConst = (o: Operand): o is { readonly value: number } => 'value' in o;

/** Applies an op of the registry to numbers, or returns null where it would fail or overflow. */
function fold(type: string, a: number, b = 0, params: Params = {}): number | null {
  const op = getOp(type);
  if (op?.kind !== 'elementwise' || op.domain?.(a, b, params)) return null;
  const out = op.forward(a, b, params);
  return Number.isFinite(out) ? out : null;
}

/** Appends nodes and edges in evaluation order, naming each op node after its type: add1, neg1, add2. */
class GraphBuilder {
  readonly nodes: GraphNode[] = [];
  readonly edges: GraphEdge[] = [];
  private readonly taken = new Set<string>();
  private readonly counters = new Map<string, number>();
  private readonly expandSub: boolean;
  private readonly defs: ReadonlyMap<string, FunctionDef>;

  constructor(variables: readonly string[], values: Record<string, number>, expandSub: boolean, defs: readonly FunctionDef[] = []) {
    this.expandSub = expandSub;
    this.defs = new Map(defs.map((d) => [d.name, d]));
    for (const name of variables) {
      const value = Object.hasOwn(values, name) ? values[name] : 0;
      if (!Number.isFinite(value)) throw new RangeError(`the value of '${name}' must be a finite number, got ${value}`);
      this.taken.add(name);
      this.nodes.push({ id: name, op: 'input', position: { x: 0, y: 0 }, value });
    }
  }

  /** Operands before the op that reads them, left to right: the nodes come out in evaluation order. */
  lower(root: Expr): Operand {
    return foldExpr<Operand>(root, (e, parts) => {
      const [a, b] = parts;
      switch (e.kind) {
        case 'num':
          return { value: e.value };
        case 'var':
          return { id: e.name };
        case 'neg':
          return this.unary('neg', a);
        case 'binary':
          return this.binary(e.op, a, b);
        case 'call': {
          // The parser makes calls of known names only: built-in, else defined.
          const builtIn = FORMULA_FUNCTIONS.get(e.fn);
          if (!builtIn) {
            const def = this.defs.get(e.fn) as FunctionDef;
            return this.op('call', Object.fromEntries(def.args.map((arg, j) => [arg, parts[j]])), { fn: e.fn });
          }
          return b === undefined ? this.unary(builtIn.type, a) : this.pair(builtIn.type, a, b);
        }
      }
    });
  }

  /** The id of an operand's node, placing a `constant` node for a bare number. */
  place(o: Operand): string {
    if (!isConst(o)) return o.id;
    const id = this.fresh('constant');
    this.nodes.push({ id, op: 'constant', position: { x: 0, y: 0 }, value: o.value });
    return id;
  }

  private fresh(type: string): string {
    let n = this.counters.get(type) ?? 0;
    let id: string;
    do id = `${type}${++n}`;
    while (this.taken.has(id));
    this.counters.set(type, n);
    this.taken.add(id);
    return id;
  }

  private op(type: string, inputs: Record<string, Operand>, params?: Params): Operand {
    const ports = Object.entries(inputs).map(([port, o]) => [port, this.place(o)] as const);
    const id = this.fresh(type);
    this.nodes.push({ id, op: type, position: { x: 0, y: 0 }, ...(params && { params: { ...params } }) });
    for (const [port, source] of ports) this.edges.push({ source, target: id, port });
    return { id };
  }

  private unary(type: string, u: Operand, params?: Params): Operand {
    const folded = isConst(u) ? fold(type, u.value, 0, params) : null;
    return folded === null ? this.op(type, { u }, params) : { value: folded };
  }

  /** A binary op on two nodes; two numbers fold, and a number meets its node through a constant node. */
  private pair(type: string, a: Operand, b: Operand): Operand {
    const folded = isConst(a) && isConst(b) ? fold(type, a.value, b.value) : null;
    return folded === null ? this.op(type, { a, b }) : { value: folded };
  }

  private binary(op: BinaryOperator, l: Operand, r: Operand): Operand {
    if (isConst(l) && isConst(r)) {
      const folded = op === '^' ? fold('pow', l.value, 0, { c: r.value }) : fold(ARITHMETIC_OPS[op], l.value, r.value);
      if (folded !== null) return { value: folded };
      // Where folding fails (1/0, 0^-1) the expression stays in the graph, so evaluating it names the error.
      return this.binary(op, { id: this.place(l) }, r);
    }
    switch (op) {
      case '+':
        if (isConst(r)) return this.unary('addConst', l, { c: r.value });
        if (isConst(l)) return this.unary('addConst', r, { c: l.value });
        return this.pair('add', l, r);
      case '-':
        if (isConst(r)) return this.unary('addConst', l, { c: -r.value });
        if (isConst(l)) return this.unary('addConst', this.unary('neg', r), { c: l.value });
        return this.expandSub ? this.pair('add', l, this.unary('neg', r)) : this.pair('sub', l, r);
      case '*':
        if (isConst(r)) return this.unary('scale', l, { c: r.value });
        if (isConst(l)) return this.unary('scale', r, { c: l.value });
        return this.pair('mul', l, r);
      case '/':
        // 1/c overflows for c = 0 (or subnormal c), and a parameter must be finite: keep the division.
        if (isConst(r)) return Number.isFinite(1 / r.value) ? this.unary('scale', l, { c: 1 / r.value }) : this.pair('div', l, r);
        if (isConst(l)) {
          const inverse = this.unary('reciprocal', r);
          return l.value === 1 ? inverse : this.unary('scale', inverse, { c: l.value });
        }
        return this.pair('div', l, r);
      case '^':
        if (isConst(r)) return this.unary('pow', l, { c: r.value });
        if (isConst(l)) return this.unary('expBase', r, { c: l.value });
        // No op raises a variable to a variable power; a^b = exp(b · ln a), defined for a > 0.
        return this.unary('exp', this.pair('mul', r, this.unary('log', l)));
    }
  }
}

/**
 * Builds a graph document from a formula: one `input` node per variable (id = the name, in
 * natural order, so `z * 2^(x - y)` numbers x, y, z as f1, f2, f3), then one node per operation
 * in evaluation order, the last being the output. Numbers fold into the ops' parameter c where
 * an op takes one (`2*x` is scale, `x + 1` addConst, `x^3` pow, `2^x` expBase, `x/4` scale by
 * 0.25, `1/x` reciprocal, `1 - x` neg then addConst); number-only subexpressions are computed
 * (`-3`, `2^3`, `exp(1)`); a number that meets an op without a parameter (`max(0, x)`) becomes a
 * `constant` node. Positions come from {@link layoutDocument}.
 * @throws FormulaError for a syntax error; RangeError for a value that is not finite.
 */
export function formulaToDocument(src: string, options: FormulaDocumentOptions = {}): GraphDocument {
  const defs = options.functions ?? [];
  const expr = parseFormula(src, arities(defs));
  const builder = new GraphBuilder(formulaVariables(expr), options.values ?? {}, options.expandSub ?? false, defs);
  const output = builder.place(builder.lower(expr));
  return layoutDocument({
    format: FORMAT,
    version: VERSION,
    ...(options.title !== undefined && { title: options.title }),
    ...(options.description !== undefined && { description: options.description }),
    ...(defs.length > 0 && { functions: defs.map((d) => ({ name: d.name, args: [...d.args], body: d.body })) }),
    nodes: builder.nodes,
    edges: builder.edges,
    output,
  });
}

/**
 * A function's body as a graph: its arguments are the input nodes f1..fm in the order the
 * definition lists them (values 0: a call overrides them), then the body's operations as
 * {@link formulaToDocument} builds them, the last being the output. Calls of other functions in
 * the body stay `call` nodes. The definition must be valid (see checkFunctions).
 * @throws FormulaError for a syntax error in the body.
 */
export function bodyDocument(def: FunctionDef, defs: readonly FunctionDef[]): GraphDocument {
  const builder = new GraphBuilder(def.args, {}, false, defs);
  const output = builder.place(builder.lower(parseFormula(def.body, arities(defs))));
  return layoutDocument({ format: FORMAT, version: VERSION, title: def.name, nodes: builder.nodes, edges: builder.edges, output });
}
