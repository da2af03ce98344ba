import { createRequire } from 'node:module';
import type { Analysis } from '../graph/analyze';
import { createExactEngine } from '../exact/engine';
import type { ExactEngine, ExactForm } from '../exact';
import { rationalText } from '../exact/rational';
import type { Value } from '../tensor/tensor';
import { emptyRecord } from '../graph/records';

let engine: ExactEngine | undefined;

/** The exact engine, with mathjs loaded synchronously: the CLI runs once and has no start-up to protect. */
export function exactEngine(): ExactEngine {
  engine ??= createExactEngine(createRequire(import.meta.url)('mathjs'));
  return engine;
}

export interface ExactColumns {
  readonly value: readonly (ExactForm | null)[];
  readonly grad: readonly (ExactForm | null)[];
  /** d(output)/d(input) at the document's values, by input name. */
  readonly gradients: Readonly<Record<string, ExactForm | null>>;
  /** d(output)/d(input) as an expression of the input symbols, by input name. */
  readonly analytic: Readonly<Record<string, ExactForm | null>>;
}

/** Closed forms of every value and gradient (null where none is compact, or for tensor graphs). */
export function exactColumns(an: Analysis): ExactColumns {
  const ex = exactEngine();
  const { value, grad } = an.plan.scalarOnly ? ex.exactValues(an.plan, an.evaluation) : rationalColumns(an);
  const gradients = emptyRecord<ExactForm | null>();
  for (const r of an.nodes) if (r.op === 'input') gradients[r.name] = grad[r.index];
  return { value, grad, gradients, analytic: an.plan.scalarOnly ? ex.analyticGradients(an.plan) : {} };
}

/** A scalar as a fraction form, or null. */
function rationalForm(v: Value | undefined): ExactForm | null {
  const x = typeof v === 'number' ? v : undefined;
  const text = x === undefined ? null : rationalText(x);
  if (text === null || x === undefined) return null;
  const [p, q] = text.split('/');
  return {
    text,
    cas: q ? `${p}/${q}` : p,
    latex: q ? `${p.startsWith('-') ? '-' : ''}\\frac{${p.replace('-', '')}}{${q}}` : p,
    decimal: x,
  };
}

/** Tensor graphs have no symbolic engine: their scalar values are shown as fractions when they are ones. */
function rationalColumns(an: Analysis): { value: (ExactForm | null)[]; grad: (ExactForm | null)[] } {
  return { value: an.nodes.map((r) => rationalForm(r.value)), grad: an.nodes.map((r) => rationalForm(r.grad)) };
}

/** Tensors up to this size are written out in fractions; a larger one would flood the terminal. */
const MAX_FRACTIONS = 16;

/** A value written with fractions where every element is one ("[11/3, 2/3]"), else null; null for a large tensor. */
export function fractionsOf(v: Value): string | null {
  if (typeof v !== 'number' && v.data.length > MAX_FRACTIONS) return null;
  const xs = typeof v === 'number' ? [v] : Array.from(v.data);
  const parts = xs.map((x) => rationalText(x));
  if (parts.some((p) => p === null)) return null;
  return typeof v === 'number' ? (parts[0] as string) : `[${parts.join(', ')}]`;
}
