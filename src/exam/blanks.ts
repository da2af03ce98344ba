import { compile, SOURCE, type Plan } from '../graph/compile';
import { recordOf } from '../graph/records';
import type { GraphDocument } from '../graph/schema';
import { sizeOf } from '../tensor/tensor';

/**
 * One blank of an exam: something the printed diagram leaves empty for the student to fill in.
 * `index` is a plan index: "f4" and "b4" are the fourth node in numbering order, whatever label
 * the node prints under (the numbering is what the exam's questions refer to).
 */
export type Blank =
  | { readonly kind: 'value'; readonly index: number }
  | { readonly kind: 'grad'; readonly index: number }
  | { readonly kind: 'shape'; readonly node: string }
  | { readonly kind: 'params'; readonly node: string }
  | { readonly kind: 'cell'; readonly node: string; readonly of: 'value' | 'grad'; readonly at: number };

/** What `doc.meta.exam` holds: the blanks by name ("f4", "b5", "shape:conv1", "cell:O:value:3"). */
export interface ExamMeta {
  readonly blanks: readonly string[];
}

const NUMBERED = /^([fb])([1-9]\d*)$/;
const CELL = /^cell:(.+):(value|grad):(0|[1-9]\d*)$/;

/** Reads a blank's name; null when it is not one (the node it names may still be missing). */
export function parseBlank(name: string): Blank | null {
  const numbered = NUMBERED.exec(name);
  if (numbered) return { kind: numbered[1] === 'f' ? 'value' : 'grad', index: Number(numbered[2]) - 1 };
  const cell = CELL.exec(name);
  if (cell) return { kind: 'cell', node: cell[1], of: cell[2] as 'value' | 'grad', at: Number(cell[3]) };
  for (const kind of ['shape', 'params'] as const) {
    if (name.startsWith(`${kind}:`) && name.length > kind.length + 1) return { kind, node: name.slice(kind.length + 1) };
  }
  return null;
}

/** The name a blank is stored under; parseBlank(blankName(b)) gives b back. */
export function blankName(b: Blank): string {
  switch (b.kind) {
    case 'value':
      return `f${b.index + 1}`;
    case 'grad':
      return `b${b.index + 1}`;
    case 'cell':
      return `cell:${b.node}:${b.of}:${b.at}`;
    default:
      return `${b.kind}:${b.node}`;
  }
}

const KIND_ORDER: Readonly<Record<Blank['kind'], number>> = { value: 0, grad: 1, shape: 2, params: 3, cell: 4 };

/** f1..fn, then b1..bn, then per node shape, params and cells: the order an answer key reads in. */
function compareBlanks(a: Blank, b: Blank): number {
  if (a.kind !== b.kind) return KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
  if ('index' in a && 'index' in b) return a.index - b.index;
  if (a.kind === 'cell' && b.kind === 'cell') return a.node.localeCompare(b.node) || a.of.localeCompare(b.of) || a.at - b.at;
  return blankName(a).localeCompare(blankName(b));
}

/** Well-formed names only, each once, in answer-key order. */
export function normalizeBlanks(names: readonly unknown[]): string[] {
  const byName = new Map<string, Blank>();
  for (const name of names) {
    const b = typeof name === 'string' ? parseBlank(name) : null;
    if (b) byName.set(blankName(b), b);
  }
  return [...byName.values()].sort(compareBlanks).map(blankName);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The exam stored in a document. `meta` is free-form and hand-editable, so anything malformed
 * (a non-object, a non-array, names that are not blanks) reads as no blanks rather than failing.
 */
export function readExam(doc: GraphDocument): ExamMeta {
  const exam = doc.meta?.exam;
  return { blanks: isRecord(exam) && Array.isArray(exam.blanks) ? normalizeBlanks(exam.blanks) : [] };
}

/**
 * The document with exactly these blanks (normalised). Other `meta` and `meta.exam` fields are
 * kept; an exam left with nothing in it is removed, so clearing gives back the original document.
 */
export function withBlanks(doc: GraphDocument, names: readonly string[]): GraphDocument {
  const blanks = normalizeBlanks(names);
  const { exam, ...otherMeta } = doc.meta ?? {};
  const { blanks: _old, ...otherExam } = isRecord(exam) ? exam : {};
  // Null-prototype, as the loader makes them: a key such as `__proto__` then survives undo and redo.
  const nextExam = recordOf(Object.entries(blanks.length ? { ...otherExam, blanks } : otherExam));
  const meta = recordOf(Object.entries(Object.keys(nextExam).length ? { ...otherMeta, exam: nextExam } : otherMeta));
  const { meta: _meta, ...rest } = doc;
  return Object.keys(meta).length ? { ...rest, meta } : rest;
}

/** Adds the blank, or removes it when it is already there. A malformed name changes nothing. */
export function toggleBlank(doc: GraphDocument, name: string): GraphDocument {
  const b = parseBlank(name);
  if (!b) return doc;
  const canonical = blankName(b);
  const current = readExam(doc).blanks;
  return withBlanks(doc, current.includes(canonical) ? current.filter((n) => n !== canonical) : [...current, canonical]);
}

/**
 * Blanks every computed value f_i, keeping other blanks. The inputs' values are the question's
 * data and stay printed unless `inputs` asks for them too.
 */
export function blankAllForward(doc: GraphDocument, opts: { readonly inputs?: boolean } = {}, plan: Plan = compile(doc)): GraphDocument {
  const values = [...plan.kinds].flatMap((kind, k) => (opts.inputs || kind !== SOURCE ? [`f${k + 1}`] : []));
  return withBlanks(doc, [...readExam(doc).blanks, ...values]);
}

/** Blanks every gradient b_i the backward pass computes (nodes upstream of the output), keeping other blanks. */
export function blankAllBackward(doc: GraphDocument, plan: Plan = compile(doc)): GraphDocument {
  const grads = [...plan.reaches].flatMap((r, k) => (r ? [`b${k + 1}`] : []));
  return withBlanks(doc, [...readExam(doc).blanks, ...grads]);
}

/** Removes every blank. */
export const clearBlanks = (doc: GraphDocument): GraphDocument => withBlanks(doc, []);

/**
 * Why a blank name does not fit this graph, in words ("unknown blank f99: the graph has f1..f7
 * and b1..b7"), or null when it does.
 */
export function blankProblem(name: string, plan: Plan): string | null {
  const b = parseBlank(name);
  const numbering = plan.n ? `the graph has f1..f${plan.n} and b1..b${plan.n}` : 'the graph has no nodes';
  if (!b) return `unknown blank ${name}: ${numbering}; other blanks are shape:<id>, params:<id> and cell:<id>:value:<i>`;
  if (b.kind === 'value' || b.kind === 'grad') return b.index < plan.n ? null : `unknown blank ${name}: ${numbering}`;
  const k = plan.index.get(b.node);
  if (k === undefined) return `unknown blank ${name}: the graph has no node "${b.node}"`;
  if (b.kind !== 'cell') return null;
  const shape = plan.shapes[k];
  if (shape === null) return null;
  const size = sizeOf(shape);
  return b.at < size ? null : `unknown blank ${name}: node "${b.node}" has ${size} element${size === 1 ? '' : 's'}`;
}
