import { readFileSync } from 'node:fs';
import { formulaVariables, FormulaError, parseFormula } from '../graph/formula';
import { arities, formulaToDocument } from '../graph/formula-to-graph';
import { checkFunctions, parseDefinition } from '../graph/functions';
import { parseDocument } from '../graph/load';
import type { FunctionDef, GraphDocument } from '../graph/schema';
import { optionValue, type OptionSpec, type ParsedArgs } from './args';
import { CliError, describeFsError, issuesError } from './errors';

/** The options of every command that works on one graph: a file, or a formula with values. */
export const SOURCE_OPTIONS: readonly OptionSpec[] = [
  { name: 'expr', short: 'e', value: 'formula', help: 'build the graph from a formula, e.g. "z * 2^(x - y)"' },
  { name: 'at', value: 'x=2,y=1', repeatable: true, help: 'values of the inputs; with a file, they replace the stored ones' },
  { name: 'expand-sub', help: 'write a - b as a + (-b), numbering the graph the way the exams do (with -e)' },
  {
    name: 'define',
    value: '"f(u) = body"',
    repeatable: true,
    help: 'a function the formula may call, e.g. "swish(u) = u * sigmoid(u)" (repeat it; later ones may use earlier ones)',
  },
];

/**
 * The functions of `--define` options, in order, each checked with those before and after it.
 * @throws CliError naming the definition and what is wrong with it.
 */
export function parseDefines(texts: readonly string[]): FunctionDef[] {
  const defs = texts.map((text) => {
    try {
      return parseDefinition(text);
    } catch (e) {
      if (e instanceof SyntaxError) throw new CliError(`--define "${excerpt(text, 1)}": ${e.message}`);
      throw e;
    }
  });
  const [issue] = checkFunctions(defs);
  if (issue) {
    const i = Number(/^functions\[(\d+)\]/.exec(issue.path)?.[1]);
    throw new CliError(`--define "${excerpt(texts[i], 1)}": ${issue.message}`);
  }
  return defs;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Plain decimal numbers only: Number() would also accept "0x10", "Infinity" and "". */
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses `--at` values (`x=2,y=-1.5`, possibly over several options) into a map by name.
 * @throws CliError for a malformed item, a non-finite number or a name given twice.
 */
export function parseAt(texts: readonly string[]): Map<string, number> {
  const values = new Map<string, number>();
  for (const item of texts.flatMap((t) => t.split(','))) {
    const eq = item.indexOf('=');
    const name = item.slice(0, eq).trim();
    const text = item.slice(eq + 1).trim();
    if (eq < 0 || !NAME.test(name) || !NUMBER.test(text)) {
      throw new CliError(`malformed --at item "${item}": expected name=number, as in --at x=2,y=-1.5`);
    }
    const value = Number(text);
    if (!Number.isFinite(value)) throw new CliError(`--at ${name}=${text} is not a finite number`);
    if (values.has(name)) throw new CliError(`--at gives ${name} twice`);
    values.set(name, value);
  }
  return values;
}

/**
 * Reads and validates a graph document.
 * @throws CliError "cannot read …" or one line naming the file followed by one line per issue.
 */
export function readDocument(path: string): GraphDocument {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${path}: ${describeFsError(e)}`);
  }
  const result = parseDocument(text);
  if (!result.ok) throw issuesError(`${path} is not a valid graph document`, result.issues);
  return result.doc;
}

/** Rejects a name in `--at` that is not one of `known`, saying which names are (`uses` them). */
function unknownName(values: ReadonlyMap<string, number>, known: readonly string[], uses: string, none: string): void {
  const unknown = [...values.keys()].find((name) => !known.includes(name));
  if (unknown !== undefined)
    throw new CliError(`unknown variable ${unknown} in --at; ${known.length ? `${uses} ${known.join(', ')}` : none}`);
}

/** How much of a formula an error message quotes: the message stays one readable line. */
const EXCERPT = 60;

/** The formula, or for a long one the stretch around the column the error points at. */
function excerpt(src: string, column: number): string {
  if (src.length <= EXCERPT) return src;
  const start = Math.max(0, Math.min(column - 1 - EXCERPT / 2, src.length - EXCERPT));
  return `${start > 0 ? '…' : ''}${src.slice(start, start + EXCERPT)}${start + EXCERPT < src.length ? '…' : ''}`;
}

function fromFormula(src: string, values: ReadonlyMap<string, number>, expandSub: boolean, functions: FunctionDef[]): GraphDocument {
  let variables: string[];
  try {
    variables = formulaVariables(parseFormula(src, arities(functions)));
  } catch (e) {
    if (e instanceof FormulaError) throw new CliError(`syntax error in -e "${excerpt(src, e.column)}": ${e.message}`);
    throw e;
  }
  unknownName(values, variables, 'the formula uses', 'the formula has no variables');
  // formulaToDocument would quietly take 0 for a missing value; an exam answer at 0 is a wrong answer.
  const missing = variables.filter((name) => !values.has(name));
  if (missing.length) {
    throw new CliError(`no value for ${missing.join(', ')}: pass --at ${missing.map((name) => `${name}=…`).join(',')}`);
  }
  return formulaToDocument(src, { values: Object.fromEntries(values), expandSub, functions });
}

function withValues(doc: GraphDocument, values: ReadonlyMap<string, number>): GraphDocument {
  // An input's variable name is its `name`, else its id (as in analyze's gradients).
  const inputs = doc.nodes.filter((n) => n.op === 'input').map((n) => n.name ?? n.id);
  unknownName(values, inputs, "the graph's inputs are", 'the graph has no inputs');
  return {
    ...doc,
    nodes: doc.nodes.map((n) => {
      const value = n.op === 'input' ? values.get(n.name ?? n.id) : undefined;
      return value === undefined ? n : { ...n, value };
    }),
  };
}

/**
 * The graph a command works on: the file given as the one positional argument, or the formula
 * of `-e` at the values of `--at`; `--at` with a file replaces input values by name.
 * @throws CliError for usage mistakes, unreadable or invalid files and formula errors.
 */
export function loadGraph(args: ParsedArgs, command: string): GraphDocument {
  const formula = optionValue(args, 'expr');
  const files = args.positionals;
  if (files.length > 1) throw new CliError(`${command} takes one file, got ${files.length}: ${files.join(' ')}`);
  if (formula !== undefined && files.length) throw new CliError(`${command} takes a file or -e "formula", not both`);
  if (formula === undefined && !files.length)
    throw new CliError(`${command} needs a file or -e "formula" (see 'backprop help ${command}')`);
  const values = parseAt(args.values.get('at') ?? []);
  const defines = args.values.get('define') ?? [];
  if (formula !== undefined) return fromFormula(formula, values, args.flags.has('expand-sub'), parseDefines(defines));
  if (args.flags.has('expand-sub')) throw new CliError('--expand-sub applies to -e formulas, not to files');
  if (defines.length) throw new CliError('--define applies to -e formulas; a file keeps its functions in its "functions" section');
  return withValues(readDocument(files[0]), values);
}
