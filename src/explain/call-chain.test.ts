import { describe, expect, it } from 'vitest';
import { formatExplanation } from '../format/number';
import { compile } from '../graph/compile';
import { evaluate } from '../graph/evaluate';
import { formulaToDocument } from '../graph/formula-to-graph';
import { buildTrace } from '../graph/trace';
import { explainStep } from './explain';

const sigmoid = (t: number) => 1 / (1 + Math.exp(-t));
const f = (x: number) => formatExplanation(x);
const p = (x: number) => (x < 0 ? `(${f(x)})` : f(x));

describe('a collapsed call is explained as the chain rule through its body', () => {
  const doc = formulaToDocument('swish(x*y) + x', {
    values: { x: 0.7, y: -1.3 },
    functions: [{ name: 'swish', args: ['u'], body: 'u * sigmoid(u)' }],
  });
  const plan = compile(doc);
  const ev = evaluate(plan);
  const trace = buildTrace(ev);
  const t = 0.7 * -1.3;
  const s = sigmoid(t);

  it('b3 (what feeds the call) uses ∂swish/∂u = ∂g3/∂g2 · ∂g2/∂u + ∂g3/∂u with the numbers at u = -0.91', () => {
    const e = explainStep(trace.at(trace.indexOf(2, 'backward')), plan, ev);
    const d = s + t * s * (1 - s);
    expect(e.text).toBe(`b3 = b4 · ∂f4/∂f3 = 1 · ${f(d)} = ${f(d)}`);
    expect(e.rule).toBe(
      `g2 = sigmoid(u), g3 = u * g2; ∂swish/∂u = ∂g3/∂g2 · ∂g2/∂u + ∂g3/∂u = ${p(t)} · ${f(s * (1 - s))} + ${f(s)} = ${f(d)}`,
    );
    expect(e.ruleLatex).toMatch(
      /^g_\{2\} = .*\\frac\{\\partial g_\{3\}\}\{\\partial g_\{2\}\} \\cdot \\frac\{\\partial g_\{2\}\}\{\\partial u\} \+ /,
    );
  });

  it('the forward step writes the call with its name', () => {
    expect(explainStep(trace.at(3), plan, ev).text).toBe(`f4 = swish(f3) = swish(${f(t)}) = ${f(t * s)}`);
  });

  it('over a tensor the call is one step on shapes, named by its function', () => {
    const d = formulaToDocument('my_fn(x)', { functions: [{ name: 'my_fn', args: ['u'], body: 'u * sigmoid(u)' }] });
    const withTensor = { ...d, nodes: d.nodes.map((n) => (n.id === 'x' ? { ...n, value: { shape: [3], data: [1, 2, 3] } } : n)) };
    const tp = compile(withTensor);
    const tev = evaluate(tp);
    const e = explainStep(buildTrace(tev).at(1), tp, tev);
    expect(e.text).toBe('f2 = my_fn(f1): 3 → 3');
    expect(e.latex).toContain('\\operatorname{my\\_fn}');
  });
});
