import { formatExplanation, latexDecimal } from '../format/number';
import { formatShape } from '../format/shape';
import type { OpDef, Params } from '../ops/types';
import { labelsOf, SOURCE, type Plan } from '../graph/compile';
import { problemText } from '../graph/problems';
import { latexText } from '../escape/latex';
import { labelTex } from '../escape/tex-label';
import type { Evaluation } from '../graph/evaluate';
import type { ExactEngine, ExactEvaluation, ExactForm } from '../exact/types';
import type { BackwardStep, ForwardStep, Step, Trace } from '../graph/trace';
import type { StreamValue } from '../graph/trace-stream';
import { callChain } from './call-chain';

/** What a step of the trace did, written out for a learner. */
export interface Explanation {
  /** "f5 = f1 + f4 = 2 + (-1) = 1", "b5 = b6 · ∂f6/∂f5 = (-3) · (2 ln 2) = -6 ln 2 = -4.159". */
  readonly text: string;
  /** The same for KaTeX. */
  readonly latex: string;
  /** The local derivative rule(s) the step uses, from the op: "d/du 2^u = 2^u ln 2"; "" for inputs and the seed. */
  readonly rule: string;
  /** The rule in LaTeX, derived symbolically; only with the exact engine, and not for piecewise ops. */
  readonly ruleLatex?: string;
}

/** A number as shown in a step, both ways. */
export interface Shown {
  readonly text: string;
  readonly latex: string;
}

const PLAIN = /^-?(\d+(\.\d+)?(e[+-]?\d+)?|[A-Za-z_]\w*)$/;

export function decimal(x: number): Shown {
  const text = formatExplanation(x);
  return { text, latex: latexDecimal(text) };
}

/** The exact form where there is one, else the rounded decimal. */
const shown = (form: ExactForm | null | undefined, x: number): Shown => (form ? { text: form.text, latex: form.latex } : decimal(x));

/** The final value of a step: exact form, then its decimal unless the form is an integer. */
function result(form: ExactForm | null | undefined, x: number): Shown {
  const d = decimal(x);
  if (!form || /^-?\d+$/.test(form.text)) return form ?? d;
  return { text: `${form.text} = ${d.text}`, latex: `${form.latex} \\approx ${d.latex}` };
}

/** A factor of a product: parenthesised unless a plain non-negative number or symbol. */
export const factor = (s: Shown): Shown =>
  PLAIN.test(s.text) && !s.text.startsWith('-') ? s : { text: `(${s.text})`, latex: `\\left(${s.latex}\\right)` };

/**
 * A label in LaTeX: f_i with its subscript, a lone letter as a variable, anything else as
 * escaped text in \text{...}, so a label such as \rule{99em}{99em} prints as written.
 */
export const latexLabel = (label: string, named = false): string => {
  const f = /^f(\d+)$/.exec(label);
  if (f) return `f_{${f[1]}}`;
  // The named notation reads a label as TeX (w^{(1)}_{11}), through the sanitiser: only its safe subset survives.
  if (named) return labelTex(label);
  return /^\p{L}$/u.test(label) ? label : `\\text{${latexText(label)}}`;
};
/** latexLabel under another name, for the step writers whose own latexLabel fixes the notation. */
const labelLatex = latexLabel;

/**
 * How gradients are named: the exams' b_i, or Leibniz's ∂L/∂f_i with L the output's label (a
 * tangent ḟ_i is then ∂f_i/∂x).
 */
export type Notation = 'exam' | 'leibniz' | 'named';

/** ∂a/∂b in both forms. */
export const partialOf = (a: string, b: string, named = false): Shown => ({
  text: `∂${a}/∂${b}`,
  latex: `\\frac{\\partial ${latexLabel(a, named)}}{\\partial ${latexLabel(b, named)}}`,
});

/** b_i, or ∂L/∂f_i in Leibniz notation. */
const gradOf =
  (plan: Plan, notation: Notation) =>
  (k: number): Shown =>
    notation === 'exam'
      ? { text: `b${k + 1}`, latex: `b_{${k + 1}}` }
      : partialOf(plan.labels[plan.output], plan.labels[k], notation === 'named');

/** Joins the parts of an equation chain, dropping a part equal to the one before ("-f2 = -1 = -1"). */
export function chain(parts: readonly Shown[]): Shown {
  const kept = parts.filter((p, i) => i === 0 || p.text !== parts[i - 1].text);
  return { text: kept.map((p) => p.text).join(' = '), latex: kept.map((p) => p.latex).join(' = ') };
}

const HOLE = (j: number) => `\u0000${j}\u0000`;

/**
 * Whether the op already sets argument j apart ("ln(u)", "\sqrt{u}", "max(a, b)"), so a compound
 * value there needs no parentheses of its own. A LaTeX base "{u}^{c}" is not set apart.
 */
function enclosed(template: string, j: number, latex: boolean): boolean {
  const at = template.indexOf(HOLE(j));
  const before = template.slice(0, at);
  const after = template.slice(at + HOLE(j).length);
  if (!latex) return /[(|,;]\s*$/.test(before) && /^\s*[)|,;]/.test(after);
  return /(\(|\\left\(|\{|\\left\||,)\s*$/.test(before) && /^\s*(\)|\\right\)|\}(?!\^)|\\right\||,)/.test(after);
}

/** The op written with these arguments; compound ones are parenthesised where the op does not do it. */
function applyOp(op: OpDef, p: Params, args: readonly Shown[]): Shown {
  const holes = args.map((_a, j) => HOLE(j));
  const [textT, latexT] = [op.text(holes, p), op.latex(holes, p)];
  // Plain text ops parenthesise a negative number themselves: 2 + (-1).
  const textArgs = args.map((a, j) => (PLAIN.test(a.text) || enclosed(textT, j, false) ? a.text : `(${a.text})`));
  const latexArgs = args.map((a, j) =>
    (PLAIN.test(a.text) && !a.text.startsWith('-')) || enclosed(latexT, j, true) ? a.latex : `\\left(${a.latex}\\right)`,
  );
  return { text: op.text(textArgs, p), latex: op.latex(latexArgs, p) };
}

/** The op's rule per port, from the op itself; and in LaTeX from the exact engine, when every one has it. */
function rules(
  pairs: readonly { node: number; port: string }[],
  plan: Plan,
  ev: Evaluation | null,
  exact: ExactEngine | null,
): Pick<Explanation, 'rule' | 'ruleLatex'> {
  const seen = new Set<string>();
  const text: string[] = [];
  const latex: (string | null)[] = [];
  for (const { node, port } of pairs) {
    const op = plan.ops[node];
    const fn = plan.calls[node];
    if (fn) {
      // A collapsed call: the chain rule through its body, in numbers at this call's arguments.
      // A streamed step has no evaluation to read the arguments from: the rule is then said in words.
      const args = ev ? plan.inputs[node].map((i) => ev.value(i)) : [];
      const chained =
        ev && args.every(isNumber)
          ? callChain(
              fn,
              op.inputs.findIndex((s) => s.name === port),
              args,
            )
          : null;
      const r = chained ?? {
        text: `∂${fn.def.name}/∂${port}: the chain rule through ${fn.def.name}(${fn.def.args.join(', ')}) = ${fn.def.body}`,
        latex: null,
      };
      if (seen.has(r.text)) continue;
      seen.add(r.text);
      text.push(r.text);
      latex.push(r.latex);
      continue;
    }
    const r = op.rule?.(plan.params[node])[port];
    if (!r || seen.has(r)) continue;
    seen.add(r);
    text.push(r);
    const form = exact && op.kind === 'elementwise' ? exact.localRule(op, plan.params[node], port) : null;
    const d = op.inputs.length === 1 ? `\\frac{d}{d${port}}` : `\\frac{\\partial}{\\partial ${port}}`;
    latex.push(
      form &&
        `${d}\\left(${op.latex(
          op.inputs.map((s) => s.name),
          plan.params[node],
        )}\\right) = ${form.latex}`,
    );
  }
  const all = latex.length > 0 && latex.every((l): l is string => l !== null);
  return { rule: text.join('; '), ...(all ? { ruleLatex: latex.join(', \\quad ') } : {}) };
}

const isNumber = (v: StreamValue | undefined): v is number => typeof v === 'number';

/** An op as a tensor step names it: its type, or for a call the function's name (an identifier, so `_` is all LaTeX needs escaped). */
const opName = (op: OpDef): string => (op.kind === 'call' ? op.fn : op.type);
const opNameLatex = (op: OpDef): string => opName(op).replace(/_/g, '\\_');

/** Why a step has no value, in words (the step asks only when it has none). */
const problemOf = (step: ForwardStep<StreamValue>, plan: Plan): string =>
  step.problem ? problemText(step.problem, labelsOf(plan)) : 'not evaluated';

function explainForward(
  step: ForwardStep<StreamValue>,
  plan: Plan,
  ev: Evaluation | null,
  ex: ExactEvaluation | null,
  exact: ExactEngine | null,
  named: boolean,
): Explanation {
  const latexLabel = (label: string) => labelLatex(label, named);
  const k = step.node;
  const op = plan.ops[k];
  const p = plan.params[k];
  const lhs: Shown = { text: step.label, latex: latexLabel(step.label) };
  if (plan.kinds[k] === SOURCE) {
    const name = plan.nodes[k].name ?? plan.nodes[k].id;
    const named = op.type === 'input' && name !== step.label ? [{ text: name, latex: latexLabel(name) }] : [];
    const value = step.value === undefined ? [] : [isNumber(step.value) ? result(ex?.value[k], step.value) : shapeOnly(step.value)];
    return { ...chain([lhs, ...named, ...value]), rule: '' };
  }
  const own = rules(
    plan.ports[k].map((s) => ({ node: k, port: s.name })),
    plan,
    ev,
    exact,
  );
  const tensor = (v: StreamValue | undefined) => v !== undefined && !isNumber(v);
  if (op.kind === 'tensor' || tensor(step.value) || step.inputs.some((i) => tensor(i.value))) {
    const ins = step.inputs.map((i) => (i.value === undefined ? null : shapeOnly(i.value)));
    const out =
      step.value === undefined ? { text: `no value: ${problemOf(step, plan)}`, latex: '\\text{(no value)}' } : shapeOnly(step.value);
    const shapes = (key: keyof Shown) => ins.map((s) => s?.[key] ?? '?').join(', ');
    return {
      text: `${step.label} = ${opName(op)}(${step.inputs.map((i) => i.label).join(', ')}): ${shapes('text')} → ${out.text}`,
      latex: `${lhs.latex} = \\operatorname{${opNameLatex(op)}}(${step.inputs.map((i) => latexLabel(i.label)).join(', ')}) : ${shapes('latex')} \\to ${out.latex}`,
      ...own,
    };
  }
  const labels = applyOp(
    op,
    p,
    step.inputs.map((i) => ({ text: i.label, latex: latexLabel(i.label) })),
  );
  const inputs = step.inputs.every((i) => isNumber(i.value))
    ? [
        applyOp(
          op,
          p,
          step.inputs.map((i) => shown(ex?.value[i.from], i.value as number)),
        ),
      ]
    : [];
  if (!isNumber(step.value)) {
    const c = chain([lhs, labels, ...inputs]);
    return { text: `${c.text} (no value: ${problemOf(step, plan)})`, latex: `${c.latex} \\quad \\text{(no value)}`, ...own };
  }
  return { ...chain([lhs, labels, ...inputs, result(ex?.value[k], step.value)]), ...own };
}

/** A tensor's shape (of its summary too, for a tensor a streamed trace did not copy): 1×3×8×8, "scalar". */
export function shapeOnly(v: StreamValue): Shown {
  const shape = typeof v === 'number' ? [] : v.shape;
  const s = formatShape(shape);
  return { text: s, latex: shape.length === 0 ? '\\text{scalar}' : s.replace(/×/g, ' \\times ') };
}

function explainBackward(
  step: BackwardStep<StreamValue>,
  plan: Plan,
  ev: Evaluation | null,
  ex: ExactEvaluation | null,
  exact: ExactEngine | null,
  notation: Notation,
): Explanation {
  const k = step.node;
  const grad = gradOf(plan, notation);
  const latexLabel = (label: string) => labelLatex(label, notation === 'named');
  const b = grad(k);
  const f = latexLabel(step.label);
  if (step.seed && notation !== 'exam')
    return { text: `${b.text} = 1 (the output)`, latex: `${b.latex} = 1 \\quad \\text{(the output)}`, rule: '' };
  if (step.seed) {
    return {
      text: `${b.text} = 1 (the output: d ${step.label}/d ${step.label} = 1)`,
      latex: `${b.latex} = 1 \\quad \\text{(the output: } \\frac{d ${f}}{d ${f}} = 1\\text{)}`,
      rule: '',
    };
  }
  const own = rules(
    step.contributions.map((c) => ({ node: c.to, port: c.port })),
    plan,
    ev,
    exact,
  );
  if (!isNumber(step.grad) || step.contributions.some((c) => !isNumber(c.upstream) || !isNumber(c.local))) {
    const to = shapeOnly(step.grad);
    const terms = step.contributions.map((c) => {
      const [from, op] = [shapeOnly(c.upstream), plan.ops[c.to]];
      return {
        text: `${grad(c.to).text} through ${opName(op)} (${from.text} → ${to.text})`,
        latex: `${grad(c.to).latex} \\text{ through } \\operatorname{${opNameLatex(op)}} \\left(${from.latex} \\to ${to.latex}\\right)`,
      };
    });
    return {
      text: `${b.text} = ${terms.map((t) => t.text).join(' + ')}`,
      latex: `${b.latex} = ${terms.map((t) => t.latex).join(' + ')}`,
      ...own,
    };
  }
  const symbolic = step.contributions.map((c) => {
    const fj = plan.labels[c.to];
    return {
      text: `${grad(c.to).text} · ∂${fj}/∂${step.label}`,
      latex: `${grad(c.to).latex} \\cdot \\frac{\\partial ${latexLabel(fj)}}{\\partial ${f}}`,
    };
  });
  const numbers = step.contributions.map((c) => {
    const slot = plan.ports[c.to].findIndex((s) => s.name === c.port);
    const [u, l] = [factor(shown(ex?.grad[c.to], c.upstream as number)), factor(shown(ex?.local[c.to][slot], c.local as number))];
    return { text: `${u.text} · ${l.text}`, latex: `${u.latex} \\cdot ${l.latex}` };
  });
  const sum = (xs: Shown[]): Shown => ({ text: xs.map((x) => x.text).join(' + '), latex: xs.map((x) => x.latex).join(' + ') });
  return { ...chain([b, sum(symbolic), sum(numbers), result(ex?.grad[k], step.grad)]), ...own };
}

/**
 * One step of the trace written out: the forward formula with labels, then with numbers, then
 * the value; the backward chain rule b_i = Σ_j b_j · ∂f_j/∂f_i with every term, then the
 * products, then b_i. With the exact engine the numbers are closed forms ("-6 ln 2") followed by
 * the decimal to 4 significant digits; without it, decimals. Tensor steps get one line on shapes.
 * A step streamed from the worker has no evaluation here (`ev` null): the same lines, in decimals.
 */
export function explainStep(
  step: Step<StreamValue>,
  plan: Plan,
  ev: Evaluation | null,
  exact: ExactEngine | null = null,
  notation: Notation = 'exam',
): Explanation {
  const ex = exact && ev ? exact.exactValues(plan, ev) : null;
  return step.kind === 'forward'
    ? explainForward(step, plan, ev, ex, exact, notation === 'named')
    : explainBackward(step, plan, ev, ex, exact, notation);
}

/** Every step of a trace explained, in trace order. */
export function explainTrace(
  trace: Trace,
  plan: Plan,
  ev: Evaluation,
  exact: ExactEngine | null = null,
  notation: Notation = 'exam',
): Explanation[] {
  return trace.all().map((s) => explainStep(s, plan, ev, exact, notation));
}
