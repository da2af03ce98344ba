import { compile } from '../../graph/compile';
import { evaluate } from '../../graph/evaluate';
import { loadExact, type ExactEngine, type ExactForm } from '../../exact';
import type { GraphDocument } from '../../graph/schema';

/** Closed forms of a scalar graph: values and gradients by plan index, analytic gradients by input name. */
export interface ExactForms {
  readonly value: readonly (ExactForm | null)[];
  readonly grad: readonly (ExactForm | null)[];
  readonly analytic: Readonly<Record<string, ExactForm | null>>;
}

/** The exact forms of a document, or null for a graph with tensors (exact mode is for scalars). */
export function computeExactForms(engine: ExactEngine, doc: GraphDocument): ExactForms | null {
  const plan = compile(doc);
  if (!plan.scalarOnly) return null;
  const { value, grad } = engine.exactValues(plan, evaluate(plan));
  return { value, grad, analytic: engine.analyticGradients(plan) };
}

/**
 * True when two documents have the same mathematics. Edits go through immer, which keeps the
 * identity of what did not change, so a title or a blank edit does not call for new forms.
 */
export const sameMath = (a: GraphDocument, b: GraphDocument): boolean =>
  a === b || (a.nodes === b.nodes && a.edges === b.edges && a.output === b.output);

export interface ExactRequest {
  readonly generation: number;
  readonly doc: GraphDocument;
}

export type ExactReply =
  | { readonly generation: number; readonly ok: true; readonly forms: ExactForms | null }
  | { readonly generation: number; readonly ok: false; readonly message: string };

/** The exact-forms worker's whole job, as a plain function (it loads mathjs on first use). */
export async function answerExact({ generation, doc }: ExactRequest): Promise<ExactReply> {
  try {
    return { generation, ok: true, forms: computeExactForms(await loadExact(), doc) };
  } catch (err) {
    return { generation, ok: false, message: (err as Error).message };
  }
}
