import { labelsOf, SOURCE, type Plan } from '../graph/compile';
import type { TangentTarget } from '../graph/forward';
import type { StreamValue } from '../graph/trace-stream';
import { problemText } from '../graph/problems';
import type { TangentStep, TangentTerm } from '../graph/tangent-trace';

/** What a step's write-up needs of the tangents: their target (a streamed trace has no Tangents here). */
type Fm = { readonly target: TangentTarget };
type Step = TangentStep<StreamValue>;
import { chain, decimal, factor, latexLabel, partialOf, shapeOnly, type Explanation, type Notation, type Shown } from './explain';

/** ḟ_i, the tangent's name (numbered as values are), or ∂f_i/∂x in Leibniz notation. */
const dotOf =
  (plan: Plan, fm: Fm, notation: Notation) =>
  (k: number): Shown =>
    notation === 'exam'
      ? { text: `ḟ${k + 1}`, latex: `\\dot{f}_{${k + 1}}` }
      : partialOf(plan.labels[k], targetName(plan, fm), notation === 'named');

const join = (xs: readonly Shown[], text: string, latex: string): Shown => ({
  text: xs.map((x) => x.text).join(text),
  latex: xs.map((x) => x.latex).join(latex),
});
const sum = (xs: readonly Shown[]): Shown => join(xs, ' + ', ' + ');
const product = (xs: readonly Shown[]): Shown => join(xs, ' · ', ' \\cdot ');

/** What the step is a derivative with respect to: the input's name, else the node's label. */
const targetName = (plan: Plan, fm: Fm): string => {
  const k = fm.target.node;
  return plan.kinds[k] === SOURCE && plan.ops[k].type === 'input' ? (plan.nodes[k].name ?? plan.nodes[k].id) : plan.labels[k];
};

function explainSeed(step: Step, plan: Plan, fm: Fm, dot: (k: number) => Shown): Explanation {
  const lhs = dot(step.node);
  const x = targetName(plan, fm);
  const dx = { text: `d${x}/d${x}`, latex: `\\frac{d ${latexLabel(x)}}{d ${latexLabel(x)}}` };
  if (typeof step.tangent !== 'number') {
    const e = fm.target.element;
    const which = e === undefined ? 'every element moves together: all ones' : `only element ${e} moves: the one-hot e_${e}`;
    return {
      text: `${lhs.text} = ${which} (the target ${x})`,
      latex: `${lhs.latex} = \\text{${e === undefined ? 'all ones' : `one-hot at ${e}`}}`,
      rule: '',
    };
  }
  return { text: `${lhs.text} = ${dx.text} = 1 (the target)`, latex: `${lhs.latex} = ${dx.latex} = 1`, rule: '' };
}

/** The local derivative's name ∂f_i/∂f_j and its number. */
const partial = (step: Step, t: TangentTerm<StreamValue>): Shown => ({
  text: `∂${step.label}/∂${t.label}`,
  latex: `\\frac{\\partial ${latexLabel(step.label)}}{\\partial ${latexLabel(t.label)}}`,
});

/**
 * A forward-mode step written out: the seed ḟ_x = 1; a node that does not depend on x has ḟ = 0;
 * any other sums ∂f_i/∂f_j · ḟ_j over its inputs, with names, then numbers, then the total.
 * Tensor steps get one line: the JVP's shapes.
 */
export function explainTangentStep(step: Step, plan: Plan, fm: Fm, notation: Notation = 'exam'): Explanation {
  const k = step.node;
  const dot = dotOf(plan, fm, notation);
  const lhs = dot(k);
  const x = targetName(plan, fm);
  if (step.seed) return explainSeed(step, plan, fm, dot);
  if (step.problem && step.tangent === undefined) {
    const why = problemText(step.problem, labelsOf(plan));
    return { text: `${lhs.text}: no tangent (${why})`, latex: `${lhs.latex} \\quad \\text{(no tangent)}`, rule: '' };
  }
  if (!step.depends) {
    return { text: `${lhs.text} = 0 (${step.label} does not depend on ${x})`, latex: `${lhs.latex} = 0`, rule: '' };
  }
  const rule = Object.values(plan.ops[k].rule?.(plan.params[k]) ?? {}).join('; ');
  const symbolic = step.terms.map((t) => product([partial(step, t), dot(t.from)]));
  const tangent = step.tangent;
  if (typeof tangent !== 'number' || step.terms.some((t) => typeof t.local !== 'number' || typeof t.tangent !== 'number')) {
    const shapes = step.terms.map((t) => (t.tangent === undefined ? '?' : shapeOnly(t.tangent).text)).join(', ');
    const out = tangent === undefined ? '?' : shapeOnly(tangent);
    const elementwise = plan.ops[k].kind === 'elementwise';
    // Elementwise: a product per element; a tensor op: its Jacobian applied to the tangent (never formed).
    const [op, opLatex] = elementwise ? [' ⊙ ', ' \\odot '] : [' · ', ' \\, '];
    const how = elementwise ? 'elementwise' : `the JVP of ${step.op}`;
    const terms = step.terms.map((t) => join([partial(step, t), dot(t.from)], op, opLatex));
    return {
      text: `${lhs.text} = ${sum(terms).text} (${how}: ${shapes} → ${typeof out === 'string' ? out : out.text})`,
      latex: `${lhs.latex} = ${sum(terms).latex}`,
      rule,
    };
  }
  const numbers = step.terms.map((t) => product([factor(decimal(t.local as number)), factor(decimal(t.tangent as number))]));
  return { ...chain([lhs, sum(symbolic), sum(numbers), decimal(tangent)]), rule };
}
