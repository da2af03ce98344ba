import { EXAM_FULL_INTEGER, formatExam, latexDecimal } from '../format/number';
import { formatShape } from '../format/shape';
import type { NodeResult } from '../graph/analyze';
import { sizeOf, type Shape, type Value } from '../tensor/tensor';

/** An exact form as the exact engine writes it ("-6 ln 2"); only `text` and `latex` are read. */
export interface ExactForm {
  readonly text: string;
  /** LaTeX for the TikZ export ("-6 \\ln 2"); derived from `text` when absent. */
  readonly latex?: string;
}

/** Exact forms of every node's value and gradient, by plan index; null where there is none. */
export interface ExactAnswers {
  readonly value: readonly (ExactForm | null)[];
  readonly grad: readonly (ExactForm | null)[];
}

/** One answer, ready to print. */
export interface Answer {
  /** What the diagram prints: the exact form when known, else `decimal`. */
  readonly text: string;
  /** `text` for LaTeX math mode, or null to typeset `text` as written. */
  readonly latex: string | null;
  /** Four significant digits (integers in full); a tensor as its nested numbers. */
  readonly decimal: string;
  /** The exact form, or null when only the decimal is known. */
  readonly exact: string | null;
}

/** A number's answer; an integer is its own exact form. */
function numberAnswer(x: number, exact?: ExactForm | null): Answer {
  const decimal = formatExam(x);
  if (exact) return { text: exact.text, latex: exact.latex ?? null, decimal, exact: exact.text };
  const isExact = Number.isInteger(x) && Math.abs(x) < EXAM_FULL_INTEGER;
  return { text: decimal, latex: latexDecimal(decimal), decimal, exact: isExact ? decimal : null };
}

/** A shape's answer: it is exact by nature. */
export function shapeAnswer(shape: Shape): Answer {
  const text = formatShape(shape);
  return { text, latex: shape.length === 0 ? null : shape.join('{\\times}'), decimal: text, exact: text };
}

/** A tensor in the answer key: its numbers when few, else its shape. */
const KEY_ELEMENTS = 36;

function tensorDecimal(v: Value): string {
  if (typeof v === 'number') return formatExam(v);
  if (sizeOf(v.shape) > KEY_ELEMENTS) return `tensor ${formatShape(v.shape)}`;
  const nest = (dim: number, offset: number, stride: number): string => {
    if (dim === v.shape.length) return formatExam(v.data[offset]);
    const inner = stride / v.shape[dim];
    return `[${Array.from({ length: v.shape[dim] }, (_, i) => nest(dim + 1, offset + i * inner, inner)).join(', ')}]`;
  };
  return nest(0, 0, v.data.length);
}

/** A node's value or gradient as an answer; null when nothing was computed. */
export function valueAnswer(v: Value | undefined, exact?: ExactForm | null): Answer | null {
  if (v === undefined) return null;
  if (typeof v === 'number' || v.shape.length === 0) return numberAnswer(typeof v === 'number' ? v : v.data[0], exact);
  const decimal = tensorDecimal(v);
  return { text: decimal, latex: null, decimal, exact: null };
}

/** One element of a node's value or gradient (flat row-major index). */
export function cellAnswer(r: NodeResult, of: 'value' | 'grad', at: number): Answer | null {
  const v = of === 'value' ? r.value : r.grad;
  if (v === undefined) return null;
  const x = typeof v === 'number' ? (at === 0 ? v : undefined) : v.data[at];
  return x === undefined ? null : numberAnswer(x);
}

/** The parameter count a node owns (a layer's weights and biases), when it has a cost. */
export const paramsAnswer = (r: NodeResult): Answer | null => (r.cost ? numberAnswer(r.cost.params) : null);
