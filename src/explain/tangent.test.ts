import { readFileSync } from 'node:fs';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { graph, inp } from '../../tests/doc-builder';
import { compile } from '../graph/compile';
import { evaluate } from '../graph/evaluate';
import { forwardMode } from '../graph/forward';
import { parseDocument } from '../graph/load';
import type { GraphDocument } from '../graph/schema';
import { buildTangentTrace } from '../graph/tangent-trace';
import { buildTrace } from '../graph/trace';
import { explainTrace } from './explain';
import { explainTangentStep } from './tangent';

const p1 = (() => {
  const r = parseDocument(readFileSync(new URL('../../public/examples/p1-backprop.json', import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.doc;
})();

function explainAll(doc: GraphDocument, target: string, element?: number) {
  const plan = compile(doc);
  const fm = forwardMode(evaluate(plan), { node: plan.index.get(target) as number, element });
  return buildTangentTrace(fm)
    .all()
    .map((s) => explainTangentStep(s, plan, fm));
}

describe('forward mode step by step on P1 (f = z · 2^(x − y) at x = 2, y = 1, z = −3)', () => {
  it('with x as the target: ḟ6 = 2 ln 2 ≈ 1.386 and ḟ7 = −6 ln 2 ≈ −4.159, as reverse mode gives b1', () => {
    expect(explainAll(p1, 'x').map((e) => e.text)).toEqual([
      'ḟ1 = dx/dx = 1 (the target)',
      'ḟ2 = 0 (f2 does not depend on x)',
      'ḟ3 = 0 (f3 does not depend on x)',
      'ḟ4 = 0 (f4 does not depend on x)',
      'ḟ5 = ∂f5/∂f1 · ḟ1 + ∂f5/∂f4 · ḟ4 = 1 · 1 + 1 · 0 = 1',
      'ḟ6 = ∂f6/∂f5 · ḟ5 = 1.386 · 1 = 1.386',
      'ḟ7 = ∂f7/∂f3 · ḟ3 + ∂f7/∂f6 · ḟ6 = 2 · 0 + (-3) · 1.386 = -4.159',
    ]);
  });
  it('with y as the target the chain runs through the negation: ḟ4 = −1, ḟ7 = 6 ln 2 ≈ 4.159', () => {
    const steps = explainAll(p1, 'y').map((e) => e.text);
    expect(steps[3]).toBe('ḟ4 = ∂f4/∂f2 · ḟ2 = (-1) · 1 = -1');
    expect(steps[6]).toBe('ḟ7 = ∂f7/∂f3 · ḟ3 + ∂f7/∂f6 · ḟ6 = 2 · 0 + (-3) · (-1.386) = 4.159');
  });
  it('each step carries the rule of its op and LaTeX that KaTeX renders', () => {
    expect(explainAll(p1, 'x')[5].rule).toBe('d/du 2^u = 2^u ln 2');
    const steps = explainAll(p1, 'z');
    expect(steps[5].rule).toBe('');
    expect(steps[6].latex).toBe(
      '\\dot{f}_{7} = \\frac{\\partial f_{7}}{\\partial f_{3}} \\cdot \\dot{f}_{3} + \\frac{\\partial f_{7}}{\\partial f_{6}} \\cdot \\dot{f}_{6} = 2 \\cdot 1 + \\left(-3\\right) \\cdot 0 = 2',
    );
    for (const e of steps) expect(() => katex.renderToString(e.latex, { throwOnError: true })).not.toThrow();
  });
});

describe('tensor steps', () => {
  it('name the JVP and the shapes; the target names the element that moves', () => {
    const doc = graph(
      [
        inp('A', { shape: [2, 3], data: [1, 2, 3, 4, 5, 6] }),
        inp('B', { shape: [3, 2], data: [1, 0, 0, 1, 1, 1] }),
        ['m', 'matmul'],
        ['r', 'relu'],
      ],
      [
        ['A', 'm', 'a'],
        ['B', 'm', 'b'],
        ['m', 'r', 'u'],
      ],
    );
    expect(explainAll(doc, 'A', 4).map((e) => e.text)).toEqual([
      'ḟ1 = only element 4 moves: the one-hot e_4 (the target A)',
      'ḟ2 = 0 (f2 does not depend on A)',
      'ḟ3 = ∂f3/∂f1 · ḟ1 + ∂f3/∂f2 · ḟ2 (the JVP of matmul: 2×3, 3×2 → 2×2)',
      'ḟ4 = ∂f4/∂f3 ⊙ ḟ3 (elementwise: 2×2 → 2×2)',
    ]);
  });
});

describe('Leibniz notation', () => {
  it('writes the reverse chain rule as ∂f7/∂f5 = ∂f7/∂f6 · ∂f6/∂f5 (P1)', () => {
    const plan = compile(p1);
    const ev = evaluate(plan);
    expect(
      explainTrace(buildTrace(ev), plan, ev, null, 'leibniz')
        .slice(7, 10)
        .map((e) => e.text),
    ).toEqual([
      '∂f7/∂f7 = 1 (the output)',
      '∂f7/∂f6 = ∂f7/∂f7 · ∂f7/∂f6 = 1 · (-3) = -3',
      '∂f7/∂f5 = ∂f7/∂f6 · ∂f6/∂f5 = (-3) · 1.386 = -4.159',
    ]);
  });
  it('writes a tangent as ∂f_i/∂x, so forward mode reads as the chain rule from the input side', () => {
    const plan = compile(p1);
    const fm = forwardMode(evaluate(plan), { node: 0 });
    const steps = buildTangentTrace(fm)
      .all()
      .map((s) => explainTangentStep(s, plan, fm, 'leibniz'));
    expect(steps[4].text).toBe('∂f5/∂x = ∂f5/∂f1 · ∂f1/∂x + ∂f5/∂f4 · ∂f4/∂x = 1 · 1 + 1 · 0 = 1');
    expect(steps[4].latex).toMatch(/^\\frac\{\\partial f_\{5\}\}\{\\partial x\} = /);
    for (const e of steps) expect(() => katex.renderToString(e.latex, { throwOnError: true })).not.toThrow();
  });
});
