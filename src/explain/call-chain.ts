import { formatExplanation, latexDecimal } from '../format/number';
import { SOURCE } from '../graph/compile';
import { evaluate } from '../graph/evaluate';
import type { CompiledFunction } from '../graph/functions';
import { latexText } from '../escape/latex';

/** More paths than this through a body are summed without listing each (a deep body can have exponentially many). */
const MAX_PATHS = 6;

/** A name in LaTeX: an argument as written (escaped), a body node as g with its subscript. */
const tex = (name: string): string => {
  const g = /^g(\d+)$/.exec(name);
  return g ? `g_{${g[1]}}` : /^[A-Za-z]$/.test(name) ? name : `\\text{${latexText(name)}}`;
};

const num = (x: number) => {
  const text = formatExplanation(x);
  return { text: x < 0 ? `(${text})` : text, latex: x < 0 ? `\\left(${latexDecimal(text)}\\right)` : latexDecimal(text) };
};

/**
 * The local derivative of a collapsed call with respect to one argument, written as the chain
 * rule through the body at the call's arguments: the body's nodes named g2, g3, ... (in its own
 * numbering; arguments keep their names), every path from the argument to the output as a product
 * of the body's local derivatives, then the same in numbers. For swish(u) = u * sigmoid(u):
 * "g2 = sigmoid(u), g3 = u * g2; ∂swish/∂u = ∂g3/∂u + ∂g3/∂g2 · ∂g2/∂u = 0.287 + (-0.91) · 0.2046 = 0.1008".
 * Null when the body has no value there (the call's own problem says why).
 */
export function callChain(fn: CompiledFunction, port: number, args: readonly number[]): { text: string; latex: string } | null {
  const { plan, def } = fn;
  const ev = evaluate(plan, { overrides: new Map(fn.args.map((k, j) => [k, args[j]])) });
  const local = ev.grad(fn.args[port]);
  if (ev.output === undefined || local === undefined || typeof local !== 'number') return null;
  const names = plan.nodes.map((nd, k) => (fn.args.includes(k) ? nd.id : `g${k + 1}`));
  const body = plan.nodes.flatMap((_nd, k) => {
    if (fn.args.includes(k)) return [];
    if (plan.kinds[k] === SOURCE)
      return [{ text: `${names[k]} = ${String(plan.sourceValues[k])}`, latex: `${tex(names[k])} = ${String(plan.sourceValues[k])}` }];
    const [op, p, ins] = [plan.ops[k], plan.params[k], plan.inputs[k].map((i) => names[i])];
    return [{ text: `${names[k]} = ${op.text(ins, p)}`, latex: `${tex(names[k])} = ${op.latex(ins.map(tex), p)}` }];
  });
  // Paths from the argument to the output, each a list of (consumer, slot) hops.
  const paths: { node: number; slot: number; from: number }[][] = [];
  let count = 0;
  const walk = (k: number, path: { node: number; slot: number; from: number }[]) => {
    if (count > MAX_PATHS) return;
    if (k === plan.output) {
      count++;
      paths.push(path);
      return;
    }
    for (const c of plan.consumers[k]) if (plan.reaches[c.node]) walk(c.node, [...path, { node: c.node, slot: c.slot, from: k }]);
  };
  walk(fn.args[port], []);
  const arg = def.args[port];
  const lhs = {
    text: `∂${def.name}/∂${arg}`,
    latex: `\\frac{\\partial\\,\\operatorname{${def.name.replace(/_/g, '\\_')}}}{\\partial ${tex(arg)}}`,
  };
  const parts = [lhs];
  if (count <= MAX_PATHS && paths.length > 0) {
    // Written outermost first, as the chain rule reads: ∂g3/∂g2 · ∂g2/∂u.
    const term = (hops: (typeof paths)[number]) => {
      const path = [...hops].reverse();
      return {
        text: path.map((h) => `∂${names[h.node]}/∂${names[h.from]}`).join(' · '),
        latex: path.map((h) => `\\frac{\\partial ${tex(names[h.node])}}{\\partial ${tex(names[h.from])}}`).join(' \\cdot '),
        numbers: path.map((h) => num(ev.local(h.node, h.slot) as number)),
      };
    };
    const terms = paths.map(term);
    parts.push({ text: terms.map((t) => t.text).join(' + '), latex: terms.map((t) => t.latex).join(' + ') });
    parts.push({
      text: terms.map((t) => t.numbers.map((n) => n.text).join(' · ')).join(' + '),
      latex: terms.map((t) => t.numbers.map((n) => n.latex).join(' \\cdot ')).join(' + '),
    });
  } else if (paths.length === 0 && count === 0) parts.push({ text: '0 (the body does not read it)', latex: '0' });
  else
    parts.push({
      text: `the sum over the ${count > MAX_PATHS ? `more than ${MAX_PATHS}` : count} paths through the body`,
      latex: '\\sum_{\\text{paths}}',
    });
  parts.push({ text: formatExplanation(local), latex: latexDecimal(formatExplanation(local)) });
  const kept = parts.filter((p, i) => i === 0 || p.text !== parts[i - 1].text);
  const defs = body.length
    ? { text: `${body.map((b) => b.text).join(', ')}; `, latex: `${body.map((b) => b.latex).join(',\\ ')};\\quad ` }
    : { text: '', latex: '' };
  return { text: `${defs.text}${kept.map((p) => p.text).join(' = ')}`, latex: `${defs.latex}${kept.map((p) => p.latex).join(' = ')}` };
}
