import type { z } from 'zod';
import { defaultParams, getOp } from '../ops/registry';
import { isVariadicPort, portsOf, type OpDef, type ParamSpec } from '../ops/types';
import { callOp, checkFunctions } from './functions';
import { checkLimits } from './limits';
import { unknownOpMessage } from './op-names';
import { layoutPositions } from './layout';
import {
  FORMAT,
  GraphDocumentSchema,
  must,
  NodeSchema,
  unescapeKey,
  VERSION,
  type GraphDocument,
  type GraphNode,
  type StoredDocument,
} from './schema';

/** A node's fields in the order the schema lists them, which is the order a parsed node has them in. */
const NODE_KEYS = Object.keys(NodeSchema.shape);

/** One problem found in a document: where (a JSON path such as `nodes[3].op`) and what. */
export interface DocIssue {
  readonly path: string;
  readonly message: string;
}

export type LoadResult = { ok: true; doc: GraphDocument } | { ok: false; issues: DocIssue[] };

/**
 * Upgrades from each older version to the next, one small step each (tldraw-style).
 * 1 → 2: version 2 adds the optional `functions` section and `call` nodes; a version 1 document
 * has neither, so it means the same as it is.
 */
const MIGRATIONS: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {
  1: (doc) => doc,
};

export const formatPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), '') || '(document)';

/** Parses JSON text into a validated document; never throws. */
export function parseDocument(text: string): LoadResult {
  let raw: unknown;
  try {
    // Editors on Windows start UTF-8 files with a byte-order mark; browsers' File.text() drops it, Node's readFileSync does not.
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    return { ok: false, issues: [{ path: '(document)', message: `not valid JSON: ${(e as Error).message}` }] };
  }
  return validateDocument(raw);
}

/** Validates a parsed value: its depth and size first, then the schema, then references between nodes, edges and ops. */
export function validateDocument(raw: unknown): LoadResult {
  const tooLarge = checkLimits(raw, formatPath);
  if (tooLarge) return { ok: false, issues: [tooLarge] };
  const migrated = migrate(raw);
  if ('issues' in migrated) return { ok: false, issues: migrated.issues };
  // reportInput: the union issues below are told apart by which fields were absent.
  const parsed = GraphDocumentSchema.safeParse(migrated.value, { reportInput: true });
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues
        .flatMap((i) => leafIssues(i, []))
        .map((i) => ({ path: formatPath(i.path.map(unescapeKey)), message: i.message })),
    };
  }
  const issues = checkReferences(parsed.data);
  return issues.length ? { ok: false, issues } : { ok: true, doc: placeNodes(parsed.data) };
}

/**
 * A document whose nodes all have positions, as the editor and the numbering need: a node a
 * script left without one gets the place the engine's layered layout gives it in the whole graph
 * (columns by longest path from the inputs, rows in document order, then untangled), before it is
 * numbered; nodes with a position keep it. Numbering then breaks its ties by these positions as
 * by any others, so the same file always numbers the same way.
 */
function placeNodes(doc: StoredDocument): GraphDocument {
  if (doc.nodes.every((n) => n.position)) return doc as GraphDocument;
  const at = layoutPositions(doc);
  // In the schema's key order, as the parser gives every other node, so saving and loading again gives the same text.
  const place = (n: StoredDocument['nodes'][number], i: number): GraphNode => {
    const placed: Record<string, unknown> = { ...n, position: n.position ?? at[i] };
    return Object.fromEntries(NODE_KEYS.flatMap((k) => (placed[k] === undefined ? [] : [[k, placed[k]]]))) as GraphNode;
  };
  return { ...doc, nodes: doc.nodes.map(place) };
}

type Issue = z.core.$ZodIssue;

const missingFields = (issues: readonly Issue[]): number => issues.filter((i) => i.input === undefined).length;
/** Fewer absent fields first, then fewer issues: the branch the value was most likely meant as. */
const byLikelihood = (a: readonly Issue[], b: readonly Issue[]): number => missingFields(a) - missingFields(b) || a.length - b.length;

/**
 * A failed union (a node value is a number, a tensor or an initializer) reported where the problem
 * is: when the value is plainly meant as one branch (that branch alone takes its kind, or clearly
 * fewest fields are missing from it), that branch's own issues; otherwise the union's message,
 * which lists what the value may be.
 */
function leafIssues(issue: Issue, prefix: readonly PropertyKey[]): { path: PropertyKey[]; message: string }[] {
  const path = [...prefix, ...issue.path];
  if (issue.code !== 'invalid_union') return [{ path, message: issue.message }];
  const sameKind = issue.errors.filter((b) => b.length > 0 && b.every((i) => i.path.length > 0)).sort(byLikelihood);
  if (sameKind.length === 0 || (sameKind.length > 1 && byLikelihood(sameKind[0], sameKind[1]) === 0))
    return [{ path, message: issue.message }];
  return sameKind[0].flatMap((i) => leafIssues(i, path));
}

function migrate(raw: unknown): { value: unknown } | { issues: DocIssue[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { issues: [{ path: '(document)', message: must('a graph document (a JSON object)').error({ input: raw }) }] };
  }
  let doc = raw as Record<string, unknown>;
  if (doc.format !== FORMAT) {
    return {
      issues: [{ path: 'format', message: must(`"${FORMAT}" (the mark of a Backprop Studio graph)`).error({ input: doc.format }) }],
    };
  }
  const v = doc.version;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > VERSION) {
    return {
      issues: [
        { path: 'version', message: `unsupported version ${JSON.stringify(v ?? null)} (this build reads versions 1 to ${VERSION})` },
      ],
    };
  }
  for (let from = v; from < VERSION; from++) doc = { ...MIGRATIONS[from](doc), version: from + 1 };
  return { value: doc };
}

function checkParam(spec: ParamSpec, v: unknown): string | null {
  switch (spec.kind) {
    case 'number':
      return typeof v === 'number' ? null : 'must be a number';
    case 'int':
      return typeof v === 'number' && Number.isInteger(v) && v >= (spec.min ?? -Infinity)
        ? null
        : `must be an integer${spec.min !== undefined ? ` ≥ ${spec.min}` : ''}`;
    case 'bool':
      return typeof v === 'boolean' ? null : 'must be true or false';
    case 'enum':
      return typeof v === 'string' && spec.options?.includes(v) ? null : `must be one of ${spec.options?.map((o) => `"${o}"`).join(', ')}`;
    case 'ints':
      if (typeof v === 'string' && spec.words?.includes(v)) return null;
      return (typeof v === 'number' && Number.isInteger(v)) || (Array.isArray(v) && v.every(Number.isInteger))
        ? null
        : `must be an integer or a list of integers${spec.words ? `, or ${spec.words.map((w) => `"${w}"`).join(' or ')}` : ''}`;
  }
}

/** The op of a call node (checking its `fn`), or null with the issue pushed. */
function callNodeOp(doc: StoredDocument, i: number, issues: DocIssue[]): OpDef | null {
  const n = doc.nodes[i];
  const fn = n.params?.fn;
  const defs = doc.functions ?? [];
  const def = typeof fn === 'string' ? defs.find((d) => d.name === fn) : undefined;
  for (const k of Object.keys(n.params ?? {}))
    if (k !== 'fn') issues.push({ path: `nodes[${i}].params.${k}`, message: `a call has no parameter "${k}", only "fn"` });
  if (n.value !== undefined) issues.push({ path: `nodes[${i}].value`, message: 'only input and constant nodes carry a value, not "call"' });
  if (def) return callOp(def);
  const defined = defs.length ? `defined: ${defs.map((d) => d.name).join(', ')}` : 'the document defines none';
  issues.push({
    path: `nodes[${i}].params.fn`,
    message:
      fn === undefined
        ? `missing; a call names the function it calls (${defined})`
        : `no function ${typeof fn === 'string' ? `"${fn}"` : String(fn)} (${defined})`,
  });
  return null;
}

function checkReferences(doc: StoredDocument): DocIssue[] {
  const issues: DocIssue[] = checkFunctions(doc.functions ?? []);
  const nodeIndex = new Map<string, number>();
  const ops: (OpDef | null)[] = [];
  doc.nodes.forEach((n, i) => {
    if (nodeIndex.has(n.id))
      issues.push({ path: `nodes[${i}].id`, message: `duplicate id "${n.id}" (also nodes[${nodeIndex.get(n.id)}])` });
    else nodeIndex.set(n.id, i);
    if (n.expanded !== undefined && n.op !== 'call')
      issues.push({ path: `nodes[${i}].expanded`, message: `only a call node expands, not "${n.op}"` });
    if (n.op === 'call') {
      ops[i] = callNodeOp(doc, i, issues);
      return;
    }
    const op = getOp(n.op);
    ops[i] = op ?? null;
    if (!op) {
      issues.push({ path: `nodes[${i}].op`, message: unknownOpMessage(n.op) });
      return;
    }
    for (const [k, v] of Object.entries(n.params ?? {})) {
      const spec = op.params.find((p) => p.name === k);
      if (!spec) issues.push({ path: `nodes[${i}].params.${k}`, message: `op "${n.op}" has no parameter "${k}"` });
      else {
        const err = checkParam(spec, v);
        if (err) issues.push({ path: `nodes[${i}].params.${k}`, message: err });
      }
    }
    if (op.kind === 'source' && n.value === undefined)
      issues.push({ path: `nodes[${i}].value`, message: `${n.op} "${n.id}" needs a value` });
    if (op.kind !== 'source' && n.value !== undefined)
      issues.push({ path: `nodes[${i}].value`, message: `only input and constant nodes carry a value, not "${n.op}"` });
  });
  const taken = new Map<string, number>();
  doc.edges.forEach((e, i) => {
    if (!nodeIndex.has(e.source)) issues.push({ path: `edges[${i}].source`, message: `dangling edge: no node "${e.source}"` });
    const ti = nodeIndex.get(e.target);
    if (ti === undefined) {
      issues.push({ path: `edges[${i}].target`, message: `dangling edge: no node "${e.target}"` });
      return;
    }
    const op = ops[ti];
    if (!op) return;
    const own = portsOf(op, { ...defaultParams(op), ...doc.nodes[ti].params });
    // A variadic port beyond the count loads, so lowering concat's count loses no edge: compile reports it.
    if (!own.some((p) => p.name === e.port) && !isVariadicPort(op, e.port)) {
      const ports = own.map((p) => `"${p.name}"`).join(', ') || 'none';
      const what = op.kind === 'call' ? `function ${op.fn}` : `op "${op.type}"`;
      issues.push({
        path: `edges[${i}].port`,
        message: `${what} of node "${e.target}" has no input port "${e.port}" (ports: ${ports})`,
      });
      return;
    }
    const key = `${e.target}\u0000${e.port}`;
    if (taken.has(key))
      issues.push({
        path: `edges[${i}]`,
        message: `input "${e.port}" of node "${e.target}" is already connected (edges[${taken.get(key)}])`,
      });
    else taken.set(key, i);
  });
  if (doc.output !== undefined && !nodeIndex.has(doc.output)) issues.push({ path: 'output', message: `no node "${doc.output}"` });
  doc.nodes.forEach((_n, i) => {
    const op = ops[i];
    if (op) checkConstants(doc, i, op, taken, issues);
  });
  return issues;
}

/** A node's port constants: each on a port its op has, and that no edge feeds. */
function checkConstants(doc: StoredDocument, i: number, op: OpDef, taken: ReadonlyMap<string, number>, issues: DocIssue[]): void {
  const n = doc.nodes[i];
  if (!n.constants) return;
  const own = portsOf(op, { ...defaultParams(op), ...n.params });
  const what = op.kind === 'call' ? `function ${op.fn}` : `op "${op.type}"`;
  for (const port of Object.keys(n.constants)) {
    const path = `nodes[${i}].constants.${port}`;
    const edge = taken.get(`${n.id}\u0000${port}`);
    // As for edges, a variadic port beyond the count loads (lowering concat's count loses no number): compile ignores it.
    if (!own.some((p) => p.name === port) && !isVariadicPort(op, port)) {
      const ports = own.map((p) => `"${p.name}"`).join(', ') || 'none';
      issues.push({ path, message: `${what} of node "${n.id}" has no input port "${port}" (ports: ${ports})` });
    } else if (edge !== undefined)
      issues.push({
        path,
        message: `input "${port}" of node "${n.id}" is connected (edges[${edge}]): a port holds an edge or a number, not both`,
      });
  }
}

/** The document as pretty JSON, the form users save and share. */
export const serializeDocument = (doc: GraphDocument): string => `${JSON.stringify(doc, null, 2)}\n`;

/** A readable summary of load issues, one per line. */
export const formatIssues = (issues: readonly DocIssue[]): string => issues.map((i) => `${i.path}: ${i.message}`).join('\n');
