/**
 * "Make function": a connected group of op nodes becomes a definition and one call node in its
 * place. The group's inputs from outside become the arguments, its one value read outside becomes
 * the body's result. The body is written as a formula (a definition is a formula, never code) and
 * checked by evaluating the document before and after: a function that changed a value is refused.
 */
import { compile, SOURCE } from './compile';
import { evaluate } from './evaluate';
import { FormulaError, FUNCTIONS, parseFormula, printExpr } from './formula';
import { arities } from './formula-to-graph';
import { checkFunctions, nodeOp, reservedName } from './functions';
import { IDENTIFIER, type FunctionDef, type GraphDocument, type GraphEdge, type GraphNode } from './schema';
import type { Value } from '../tensor/tensor';

/** Why a selection cannot become a function. Node ids are the document's. */
export type MakeFunctionProblem =
  | { readonly code: 'no-ops' }
  | { readonly code: 'bad-name'; readonly name: string; readonly reason: 'not-a-name' | 'reserved' | 'taken'; readonly detail?: string }
  | { readonly code: 'not-connected'; readonly parts: readonly (readonly string[])[] }
  | { readonly code: 'outputs'; readonly nodes: readonly string[] }
  | { readonly code: 'unconnected'; readonly node: string; readonly port: string }
  | { readonly code: 'not-a-formula'; readonly node: string; readonly op: string }
  | { readonly code: 'too-many-args'; readonly count: number }
  | { readonly code: 'changed'; readonly node: string };

export type MakeFunctionResult =
  | { readonly ok: true; readonly doc: GraphDocument; readonly def: FunctionDef; readonly call: string }
  | { readonly ok: false; readonly problem: MakeFunctionProblem };

/** A definition has at most 16 arguments (the schema's limit). */
const MAX_ARGS = 16;

/** The problem in words; `name` gives a node's label (f3) by id. */
export function makeFunctionText(p: MakeFunctionProblem, name: (id: string) => string): string {
  const list = (ids: readonly string[]) => ids.map(name).join(', ');
  switch (p.code) {
    case 'no-ops':
      return 'select the operations to make into a function (inputs and constants stay outside it and become its arguments)';
    case 'bad-name':
      if (p.reason === 'not-a-name') return `"${p.name}" is not a name: letters, digits and _, not starting with a digit`;
      return p.detail ?? `"${p.name}" is already a function of this document; choose another name`;
    case 'not-connected':
      return `the selection is not connected (${p.parts.map((part) => `{${list(part)}}`).join(' and ')}): a function is one connected group`;
    case 'outputs':
      return `the selection has ${p.nodes.length} outputs (${list(p.nodes)}), read outside it; a function returns one value`;
    case 'unconnected':
      return `input ${p.port} of ${name(p.node)} is not connected`;
    case 'not-a-formula':
      return `${name(p.node)} (${p.op}) cannot be written in a formula, so it cannot be in a function's body`;
    case 'too-many-args':
      return `the selection reads ${p.count} values from outside; a function takes at most ${MAX_ARGS} arguments`;
    case 'changed':
      return `written as a formula, the body would not compute the same value as ${name(p.node)}`;
  }
}

/** An argument's name from its source's name or label: a valid identifier, unique, not a function's. */
function argName(raw: string, taken: Set<string>, functions: ReadonlySet<string>): string {
  let base = raw.replace(/[^A-Za-z0-9_]/g, '_');
  if (!IDENTIFIER.test(base)) base = `a_${base}`;
  if (FUNCTIONS.has(base) || functions.has(base)) base = `${base}_`;
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
  taken.add(name);
  return name;
}

/** Bit for bit; both missing counts as the same (a graph with a problem keeps it). */
const sameValue = (a: Value | undefined, b: Value | undefined): boolean => {
  if (a === undefined || b === undefined) return a === b;
  if (typeof a === 'number' || typeof b === 'number') return Object.is(a, b);
  return a.data.length === b.data.length && a.data.every((v, i) => Object.is(v, b.data[i]));
};

/**
 * Replaces the op nodes among `selected` with a call of a new function `name`. Arguments follow
 * the numbering of the nodes they come from (stable for a document), named after their inputs'
 * names or labels; the call sits where the group's output was and feeds the same consumers.
 */
export function makeFunction(doc: GraphDocument, selected: readonly string[], name: string): MakeFunctionResult {
  const fail = (problem: MakeFunctionProblem): MakeFunctionResult => ({ ok: false, problem });
  const defs = doc.functions ?? [];
  if (!IDENTIFIER.test(name)) return fail({ code: 'bad-name', name, reason: 'not-a-name' });
  const reserved = reservedName(name);
  if (reserved) return fail({ code: 'bad-name', name, reason: 'reserved', detail: reserved });
  if (defs.some((d) => d.name === name)) return fail({ code: 'bad-name', name, reason: 'taken' });
  const plan = compile(doc);
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const rank = (id: string) => plan.index.get(id) ?? Infinity;
  const group = new Set(selected.filter((id) => plan.kinds[plan.index.get(id) ?? -1] !== SOURCE && byId.has(id)));
  if (group.size === 0) return fail({ code: 'no-ops' });
  const order = [...group].sort((a, b) => rank(a) - rank(b));

  const into = new Map<string, GraphEdge[]>();
  const outOf = new Map<string, GraphEdge[]>();
  for (const e of doc.edges) {
    if (group.has(e.target)) into.set(e.target, [...(into.get(e.target) ?? []), e]);
    if (group.has(e.source)) outOf.set(e.source, [...(outOf.get(e.source) ?? []), e]);
  }
  const parts = components(order, into);
  if (parts.length > 1) return fail({ code: 'not-connected', parts });
  const outputs = order.filter((id) => {
    const out = outOf.get(id) ?? [];
    return doc.output === id || out.length === 0 || out.some((e) => !group.has(e.target));
  });
  if (outputs.length !== 1) return fail({ code: 'outputs', nodes: outputs });
  const result = outputs[0];

  // Arguments: the outside nodes the group reads, in their numbering order.
  const sources = [...new Set(order.flatMap((id) => (into.get(id) ?? []).map((e) => e.source).filter((s) => !group.has(s))))].sort(
    (a, b) => rank(a) - rank(b),
  );
  if (sources.length > MAX_ARGS) return fail({ code: 'too-many-args', count: sources.length });
  const fnNames = new Set([...defs.map((d) => d.name), name]);
  const taken = new Set<string>();
  const args = new Map(
    sources.map((s) => {
      const nd = byId.get(s) as GraphNode;
      const raw = plan.kinds[rank(s)] === SOURCE ? (nd.name ?? nd.id) : (nd.label ?? plan.labels[rank(s)] ?? nd.id);
      return [s, argName(raw, taken, fnNames)];
    }),
  );

  // The body: each node's text from its inputs' (an inside input in parentheses), then tidied by the printer.
  const known = arities(defs);
  const text = new Map<string, string>();
  for (const id of order) {
    const nd = byId.get(id) as GraphNode;
    const op = nodeOp(nd, defs);
    const k = rank(id);
    if (!op || op.kind === 'tensor') return fail({ code: 'not-a-formula', node: id, op: op?.title ?? nd.op });
    const ports = plan.ports[k];
    const wired = into.get(id) ?? [];
    const parts: string[] = [];
    for (const port of ports) {
      const e = wired.find((w) => w.port === port.name);
      if (!e) return fail({ code: 'unconnected', node: id, port: port.name });
      parts.push(group.has(e.source) ? `(${text.get(e.source)})` : (args.get(e.source) as string));
    }
    const written = op.text(parts, plan.params[k]);
    try {
      parseFormula(written, known);
    } catch (e) {
      if (e instanceof FormulaError) return fail({ code: 'not-a-formula', node: id, op: op.title });
      throw e;
    }
    text.set(id, written);
  }
  const def: FunctionDef = {
    name,
    args: sources.map((s) => args.get(s) as string),
    body: printExpr(parseFormula(text.get(result) as string, known)),
  };
  if (checkFunctions([...defs, def]).length) return fail({ code: 'not-a-formula', node: result, op: byId.get(result)?.op ?? '' });

  const call = freshCallId(doc);
  const at = byId.get(result) as GraphNode;
  const next: GraphDocument = {
    ...doc,
    functions: [...defs, def],
    nodes: [
      ...doc.nodes.filter((n) => !group.has(n.id)),
      { id: call, op: 'call', position: { ...at.position }, params: { fn: name }, ...(at.label !== undefined && { label: at.label }) },
    ],
    edges: [
      ...doc.edges.filter((e) => !group.has(e.source) && !group.has(e.target)),
      ...sources.map((s) => ({ source: s, target: call, port: args.get(s) as string })),
      ...(outOf.get(result) ?? []).filter((e) => !group.has(e.target)).map((e) => ({ ...e, source: call })),
    ],
    ...(doc.output !== undefined && group.has(doc.output) && { output: call }),
  };
  // The promise of the command: every value outside the group, and the group's result, is unchanged.
  const before = evaluate(plan);
  const after = compile(next);
  const ev = evaluate(after);
  const want = before.value(rank(result));
  const got = ev.value(after.index.get(call) as number);
  if (!sameValue(want, got)) return fail({ code: 'changed', node: result });
  return { ok: true, doc: next, def, call };
}

function freshCallId(doc: GraphDocument): string {
  const taken = new Set(doc.nodes.map((n) => n.id));
  let k = 1;
  while (taken.has(`call${k}`)) k++;
  return `call${k}`;
}

/** The group's connected parts (edges inside it, either way), each in numbering order. */
function components(order: readonly string[], into: ReadonlyMap<string, readonly GraphEdge[]>): string[][] {
  const parent = new Map(order.map((id) => [id, id]));
  const find = (id: string): string => {
    let r = id;
    while (parent.get(r) !== r) r = parent.get(r) as string;
    parent.set(id, r);
    return r;
  };
  for (const id of order) for (const e of into.get(id) ?? []) if (parent.has(e.source)) parent.set(find(e.source), find(id));
  const parts = new Map<string, string[]>();
  for (const id of order) {
    const r = find(id);
    parts.set(r, [...(parts.get(r) ?? []), id]);
  }
  return [...parts.values()];
}
