/**
 * User-defined functions: `swish(u) = u * sigmoid(u)` stored once in the document's `functions`
 * section and used by `call` nodes. A body is a formula over our own ops, parsed by our own parser,
 * so nothing a document carries ever runs as code. Here: checking definitions (with located
 * messages), the op a call node runs, and each body compiled once into a plan.
 */
import { getOp, opTypes } from '../ops/registry';
import type { CallOp, OpDef } from '../ops/types';
import { calledFunctions, FormulaError, formulaVariables, FUNCTIONS, parseFormula } from './formula';
import { arities, bodyDocument } from './formula-to-graph';
import type { Plan } from './compile';
import { IDENTIFIER, type FunctionDef, type GraphDocument, type GraphNode } from './schema';

/** One problem with a definition: where (`functions[2].body`) and what. */
export interface FunctionIssue {
  readonly path: string;
  readonly message: string;
}

const BUILT_IN_OPS = new Set(opTypes());

/** Why a name cannot be a function's: it is a built-in function or op ("sigmoid", "mul"), or null. */
export function reservedName(name: string): string | null {
  if (FUNCTIONS.has(name)) return `"${name}" is a built-in function; choose another name`;
  if (BUILT_IN_OPS.has(name)) return `"${name}" is the name of a built-in op; choose another name`;
  return null;
}

/**
 * Every problem with a document's definitions: a reserved or duplicate name, a duplicate argument
 * or one named like a function, a body that does not parse (unknown function, wrong number of
 * arguments, with the column), a variable that is not an argument, and recursion ("swish calls
 * itself via g (swish → g → swish)").
 */
export function checkFunctions(defs: readonly FunctionDef[]): FunctionIssue[] {
  const issues: FunctionIssue[] = [];
  const first = new Map<string, number>();
  defs.forEach((d, i) => {
    const reserved = reservedName(d.name);
    if (reserved) issues.push({ path: `functions[${i}].name`, message: reserved });
    else if (first.has(d.name))
      issues.push({ path: `functions[${i}].name`, message: `duplicate function "${d.name}" (also functions[${first.get(d.name)}])` });
    else first.set(d.name, i);
  });
  const known = arities(defs);
  const calls = new Map<string, string[]>();
  defs.forEach((d, i) => {
    const seen = new Set<string>();
    d.args.forEach((a, j) => {
      const where = `functions[${i}].args[${j}]`;
      if (seen.has(a)) issues.push({ path: where, message: `duplicate argument "${a}" of ${d.name}` });
      else if (FUNCTIONS.has(a) || known.has(a))
        issues.push({ path: where, message: `argument "${a}" of ${d.name} has the name of a function, so its body could not read it` });
      seen.add(a);
    });
    try {
      const expr = parseFormula(d.body, known);
      const stray = formulaVariables(expr).filter((v) => !seen.has(v));
      if (stray.length)
        issues.push({
          path: `functions[${i}].body`,
          message: `${stray.map((v) => `"${v}"`).join(', ')} ${stray.length === 1 ? 'is not an argument' : 'are not arguments'} of ${d.name} (arguments: ${d.args.join(', ') || 'none'})`,
        });
      if (first.get(d.name) === i)
        calls.set(
          d.name,
          [...calledFunctions(expr)].filter((f) => known.has(f)),
        );
    } catch (e) {
      if (!(e instanceof FormulaError)) throw e;
      issues.push({ path: `functions[${i}].body`, message: `in the body of ${d.name}: ${e.message}` });
    }
  });
  const cycle = findCycle(calls);
  if (cycle) {
    const [head, ...via] = cycle;
    const how = via.length ? `calls itself via ${via.join(', ')} (${[...cycle, head].join(' → ')})` : 'calls itself';
    issues.push({ path: `functions[${first.get(head)}].body`, message: `${head} ${how}; a function cannot be recursive` });
  }
  return issues;
}

/** A cycle of the call graph, as the functions on it starting from the first one defined; null when acyclic. */
function findCycle(calls: ReadonlyMap<string, readonly string[]>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string): string[] | null => {
    if (state.get(f) === 'done') return null;
    if (state.get(f) === 'open') return stack.slice(stack.indexOf(f));
    state.set(f, 'open');
    stack.push(f);
    // Depth is bounded by the number of definitions (at most 200).
    for (const g of calls.get(f) ?? []) {
      const c = visit(g);
      if (c) return c;
    }
    stack.pop();
    state.set(f, 'done');
    return null;
  };
  for (const f of calls.keys()) {
    const c = visit(f);
    if (c) return c;
  }
  return null;
}

const callOps = new WeakMap<FunctionDef, CallOp>();

/** The op of a call of `def`: one port per argument, drawn and written with the function's name. */
export function callOp(def: FunctionDef): CallOp {
  let op = callOps.get(def);
  if (!op) {
    const name = def.name;
    // A name is an identifier (the schema holds it to that); `_` is LaTeX's only special character in one.
    const tex = `\\operatorname{${name.replace(/_/g, '\\_')}}`;
    op = {
      kind: 'call',
      type: 'call',
      fn: name,
      group: 'Arithmetic',
      title: name,
      inputs: def.args.map((a) => ({ name: a })),
      params: [],
      symbol: () => name,
      text: (args) => `${name}(${args.join(', ')})`,
      latex: (args) => `${tex}\\left(${args.join(', ')}\\right)`,
      rule: () =>
        Object.fromEntries(
          def.args.map((a) => [a, `∂${name}/∂${a}: the chain rule through ${name}(${def.args.join(', ')}) = ${def.body}`]),
        ),
    };
    callOps.set(def, op);
  }
  return op;
}

/** A node's op, for drawing and wiring it: the registry's, or the call op of the function it names; undefined for neither. */
export function nodeOp(node: GraphNode, functions: readonly FunctionDef[] = []): OpDef | undefined {
  if (node.op !== 'call') return getOp(node.op);
  const def = functions.find((d) => d.name === node.params?.fn);
  return def && callOp(def);
}

/** A function ready to run: its body compiled, arguments at known plan indices. */
export interface CompiledFunction {
  readonly def: FunctionDef;
  readonly op: CallOp;
  /** The body as a document: arguments are the inputs f1..fm in the definition's order. */
  readonly doc: GraphDocument;
  readonly plan: Plan;
  /** Plan index of each argument's input node. */
  readonly args: readonly number[];
}

export type FunctionTable = ReadonlyMap<string, CompiledFunction>;

/**
 * Compiles every body once, callees before callers, so each body's plan can run the calls in it.
 * A definition that does not check out (see checkFunctions) is left out: its calls report it.
 */
export function buildFunctionTable(
  defs: readonly FunctionDef[],
  compileBody: (doc: GraphDocument, table: FunctionTable) => Plan,
): FunctionTable {
  const table = new Map<string, CompiledFunction>();
  if (checkFunctions(defs).length) return table;
  const byName = new Map(defs.map((d) => [d.name, d]));
  const known = arities(defs);
  const add = (d: FunctionDef): void => {
    if (table.has(d.name)) return;
    // Acyclic (checked above), and at most 200 deep.
    for (const f of calledFunctions(parseFormula(d.body, known))) {
      const callee = byName.get(f);
      if (callee) add(callee);
    }
    const doc = bodyDocument(d, defs);
    const plan = compileBody(doc, table);
    table.set(d.name, { def: d, op: callOp(d), doc, plan, args: d.args.map((a) => plan.index.get(a) as number) });
  };
  defs.forEach(add);
  return table;
}

const DEFINITION = /^\s*([^\s(]*)\s*\(([^)]*)\)\s*=(.*)$/s;

/**
 * Reads a definition written as people write it, `swish(u) = u * sigmoid(u)`, into its parts.
 * The parts are checked by {@link checkFunctions} with the rest of the document's definitions.
 * @throws SyntaxError when it is not `name(arguments) = body`.
 */
export function parseDefinition(text: string): FunctionDef {
  const m = DEFINITION.exec(text);
  if (!m) throw new SyntaxError('a definition is written name(arguments) = body, as in swish(u) = u * sigmoid(u)');
  const args = m[2].trim() ? m[2].split(',').map((a) => a.trim()) : [];
  const bad = [m[1], ...args].find((n) => !IDENTIFIER.test(n));
  if (bad !== undefined)
    throw new SyntaxError(`${JSON.stringify(bad)} is not a name: names are letters, digits and _, not starting with a digit`);
  return { name: m[1], args, body: m[3].trim() };
}
