/**
 * Exact mode (issue 6): values, gradients and analytic gradients of scalar graphs in closed
 * form ("-6 ln 2", "11/3"), computed with mathjs's expression trees. mathjs is large and only
 * this mode needs it, so it is loaded here, on first use, and nowhere else.
 */
import { createExactEngine } from './engine';
import type { ExactEngine } from './types';

export type { ExactEngine, ExactEvaluation, ExactForm, SymbolicForm } from './types';

let pending: Promise<ExactEngine> | undefined;

/** Loads mathjs and builds the exact engine; every call shares one load. A failed load is retried on the next call. */
export async function loadExact(): Promise<ExactEngine> {
  pending ??= import('mathjs').then(createExactEngine, (e: unknown) => {
    pending = undefined;
    throw e;
  });
  return pending;
}
