import type { ElementwiseOp, Params } from '../ops/types';
import type { Plan } from '../graph/compile';
import type { Evaluation } from '../graph/evaluate';

/** A closed form written three ways: to read, to typeset and to paste into a CAS. */
export interface SymbolicForm {
  /** Plain text in the house style: "-6 ln 2", "11/3", "ln 2 · z · 2^(x - y)". */
  readonly text: string;
  /** For KaTeX: "-6 \ln 2", "\frac{11}{3}". */
  readonly latex: string;
  /** Parseable by mathjs (and most CAS): "-6*log(2)", with `log` the natural log. */
  readonly cas: string;
}

/** A closed form with its value: a node's exact value or gradient, or an analytic gradient. */
export interface ExactForm extends SymbolicForm {
  /**
   * The form evaluated in floating point. For a node's value or gradient that is the number
   * itself; for an analytic gradient it is the gradient at the document's input values.
   */
  readonly decimal: number;
}

/**
 * The exact counterpart of an Evaluation, by plan index. A null entry has no compact closed
 * form (or no value at all): show the decimal there.
 */
export interface ExactEvaluation {
  /** f_i. */
  readonly value: readonly (ExactForm | null)[];
  /** b_i = d(output)/d(f_i), where the evaluation has a gradient. */
  readonly grad: readonly (ExactForm | null)[];
  /** ∂f_k/∂(input at port j), as `local[k][j]`, where the backward pass reached node k. */
  readonly local: readonly (readonly (ExactForm | null)[])[];
}

/** The exact mode, made by `loadExact()` once mathjs is loaded. Every method is synchronous. */
export interface ExactEngine {
  /**
   * Exact values and gradients of a scalar graph whose inputs are integers or fractions. An
   * input double is read as the simplest fraction equal to it (0.1 → 1/10, 11/3 as a double →
   * 11/3), or one rounding away from it with a denominator up to 10^4 (2 - 4/3 → 2/3). Tensor
   * graphs and invalid nodes give nulls. Cached per evaluation.
   */
  exactValues(plan: Plan, ev: Evaluation): ExactEvaluation;
  /**
   * d(output)/d(input) for every `input` node, by name (the node's `name`, else its id), as a
   * simplified expression of the input names; the `cas` form uses the names as written. Every
   * entry is null when the output depends on a piecewise op (relu, leaky ReLU, max, min: no
   * single formula) or the graph is not scalar; one is null when its form is not compact (more
   * than 40 nodes) or has no finite value at the document's inputs. Cached per plan.
   */
  analyticGradients(plan: Plan): Readonly<Record<string, ExactForm | null>>;
  /**
   * The local derivative of an elementwise op with respect to one port, in terms of the port
   * names: for `expBase` with c = 2 and port "u", "2^u ln 2". Null for piecewise ops.
   */
  localRule(op: ElementwiseOp, params: Params, port: string): SymbolicForm | null;
}
