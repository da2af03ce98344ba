/**
 * Why a node has no value: problems are values, worded for people in one place (problemText), so
 * the UI, the CLI and the tests branch on `code` and never on a sentence.
 */
import { formatCount } from '../format/number';
import type { OpErrorCode } from '../ops/types';

/** Node ids everywhere: a problem stays true when the numbering changes, and crosses a worker as data. */
export type NodeProblem =
  /** A required input port has no edge. */
  | { readonly code: 'unconnected'; readonly node: string; readonly port: string }
  /** An input's node has a problem of its own, so this one cannot be computed. */
  | { readonly code: 'upstream'; readonly node: string; readonly source: string }
  /** The node lies on a cycle; `names` go round it as the document names them (label, else id). */
  | { readonly code: 'cycle'; readonly node: string; readonly names: readonly string[] }
  /** The node is fed, at some remove, by a cycle. */
  | { readonly code: 'after-cycle'; readonly node: string }
  /** A tensor of more elements than the engine materialises. */
  | { readonly code: 'too-large'; readonly node: string; readonly elements: number }
  /**
   * The op refused what it was given: its inputs' shapes, a parameter, or a value outside its domain
   * (`at` is the element of a tensor where it met it). `detail` is the op's own account, naming
   * the shapes or values involved and what to change.
   */
  | { readonly code: OpErrorCode; readonly node: string; readonly op: string; readonly detail: string; readonly at?: number }
  /** A number came out infinite or NaN: the value (`expression` is how it was computed), an element of a tensor, or a gradient. */
  | { readonly code: 'not-finite'; readonly node: string; readonly what: 'value'; readonly expression: string }
  | { readonly code: 'not-finite'; readonly node: string; readonly what: 'elements' }
  | { readonly code: 'not-finite'; readonly node: string; readonly what: 'gradient'; readonly number: number }
  | { readonly code: 'not-finite'; readonly node: string; readonly what: 'tangent'; readonly number: number }
  /** Forward mode: a tensor op without a JVP rule whose output is too large to build one from its backward pass. */
  | { readonly code: 'no-tangent'; readonly node: string; readonly op: string; readonly elements: number }

  /** A call's body has no value at its arguments: `problem` is the first one met inside (its node an id of the body). */
  | { readonly code: 'in-function'; readonly node: string; readonly fn: string; readonly problem: NodeProblem };

/** A node's name as people see it (f_i, or the user's label), by id. */
export type NodeLabels = (id: string) => string;

/** Names shown of a long cycle: its first ones and its last one, so the message stays a line. */
const CYCLE_SHOWN = 6;

/** "on a cycle: a → b → a", or for a long one "on a cycle of 130000 nodes: n0 → … → n129999 → n0". */
function cycleText(names: readonly string[]): string {
  if (names.length <= CYCLE_SHOWN) return `on a cycle: ${[...names, names[0]].join(' → ')}`;
  const shown = [...names.slice(0, CYCLE_SHOWN - 1), '…', names[names.length - 1], names[0]];
  return `on a cycle of ${names.length} nodes: ${shown.join(' → ')}`;
}

/** The problem in words, one line, without the node's own name (the caller says whose it is). */
export function problemText(p: NodeProblem, labels: NodeLabels): string {
  switch (p.code) {
    case 'unconnected':
      return `input "${p.port}" is not connected`;
    case 'upstream':
      return `waiting on ${labels(p.source)}, which is invalid`;
    case 'cycle':
      return cycleText(p.names);
    case 'after-cycle':
      return 'depends on a cycle upstream';
    case 'too-large':
      return `too large to evaluate here (${formatCount(p.elements)} elements in one tensor); shapes, parameters and FLOPs are still computed`;
    case 'no-tangent':
      return `no forward-mode tangent: ${p.op} has no JVP rule and its ${formatCount(p.elements)} output elements would each need a backward pass; reverse mode still gives every gradient`;
    case 'shape':
    case 'param':
    case 'domain':
      return p.at === undefined ? p.detail : `${p.detail} (at element ${p.at})`;
    case 'not-finite':
      if (p.what === 'value') return `${labels(p.node)} = ${p.expression} is not a finite number`;
      if (p.what === 'gradient') return `the gradient b${p.number} is not a finite number`;
      if (p.what === 'tangent') return `the tangent ḟ${p.number} is not a finite number`;
      return 'the result contains values that are not finite numbers';
    case 'in-function':
      // The body's own node ids (mul1, log1) name its nodes: they appear nowhere else.
      return `in ${p.fn}: ${problemText(p.problem, (id) => id)}`;
  }
}

/**
 * The problem in a few words, for a badge on the node that must not grow over its neighbours; the
 * full sentence (problemText) goes where there is room for it.
 */
export function problemBrief(p: NodeProblem, labels: NodeLabels): string {
  switch (p.code) {
    case 'unconnected':
      return `needs ${p.port}`;
    case 'upstream':
      return `waiting on ${labels(p.source)}`;
    case 'cycle':
      return 'on a cycle';
    case 'after-cycle':
      return 'after a cycle';
    case 'too-large':
      return 'too large';
    case 'no-tangent':
      return 'no tangent';
    case 'shape':
      return 'bad shapes';
    case 'param':
      return 'bad parameter';
    case 'domain':
      return 'outside domain';
    case 'not-finite':
      if (p.what === 'gradient') return `b${p.number} not finite`;
      if (p.what === 'tangent') return `ḟ${p.number} not finite`;
      return 'not finite';
    case 'in-function':
      return `error in ${p.fn}`;
  }
}

/** Whether two problems say the same thing (they are plain data: compared field by field). */
export function sameProblem(a: NodeProblem | null, b: NodeProblem | null): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  const ka = Object.keys(a) as (keyof NodeProblem)[];
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((key) => {
    const x: unknown = a[key];
    const y: unknown = (b as Record<string, unknown>)[key];
    if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && x.every((v, i) => v === y[i]);
    // A problem inside a function's body.
    if (typeof x === 'object' && typeof y === 'object') return sameProblem(x as NodeProblem, y as NodeProblem);
    return x === y;
  });
}

/** A problem that only says an input is missing or not ready: the node itself is fine so far. */
export const isPending = (p: NodeProblem | null): boolean => p === null || p.code === 'unconnected' || p.code === 'upstream';
