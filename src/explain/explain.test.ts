import { readFileSync } from 'node:fs';
import katex from 'katex';
import { beforeAll, describe, expect, it } from 'vitest';
import { graph, inp, xSquaredPlusX } from '../../tests/doc-builder';
import { compile } from '../graph/compile';
import { evaluate } from '../graph/evaluate';
import { loadExact, type ExactEngine } from '../exact';
import { explainStep, explainTrace } from './explain';
import { parseDocument } from '../graph/load';
import type { GraphDocument } from '../graph/schema';
import { buildTrace } from '../graph/trace';

let exact: ExactEngine;
beforeAll(async () => {
  exact = await loadExact();
});

function explain(doc: GraphDocument, withExact: boolean) {
  const plan = compile(doc);
  const ev = evaluate(plan);
  return explainTrace(buildTrace(ev), plan, ev, withExact ? exact : null);
}

const p1 = (() => {
  const r = parseDocument(readFileSync(new URL('../../public/examples/p1-backprop.json', import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.doc;
})();

// Seed exam 000, Backprop part 3, worked by hand: f = z · 2^(x − y) at x = 2, y = 1, z = −3.
const P1_FORWARD = [
  'f1 = x = 2',
  'f2 = y = 1',
  'f3 = z = -3',
  'f4 = -f2 = -1',
  'f5 = f1 + f4 = 2 + (-1) = 1',
  'f6 = 2^f5 = 2^1 = 2',
  'f7 = f3 * f6 = (-3) * 2 = -6',
];

describe('P1 step by step (seed exam 000)', () => {
  it('forward f1..f7, the same with and without the exact engine (every value is an integer)', () => {
    expect(
      explain(p1, false)
        .slice(0, 7)
        .map((e) => e.text),
    ).toEqual(P1_FORWARD);
    expect(
      explain(p1, true)
        .slice(0, 7)
        .map((e) => e.text),
    ).toEqual(P1_FORWARD);
  });
  it('backward b7..b1 in exact form, as the answer key writes them, each with its decimal', () => {
    expect(
      explain(p1, true)
        .slice(7)
        .map((e) => e.text),
    ).toEqual([
      'b7 = 1 (the output: d f7/d f7 = 1)',
      'b6 = b7 · ∂f7/∂f6 = 1 · (-3) = -3',
      'b5 = b6 · ∂f6/∂f5 = (-3) · (2 ln 2) = -6 ln 2 = -4.159',
      'b4 = b5 · ∂f5/∂f4 = (-6 ln 2) · 1 = -6 ln 2 = -4.159',
      'b3 = b7 · ∂f7/∂f3 = 1 · 2 = 2',
      'b2 = b4 · ∂f4/∂f2 = (-6 ln 2) · (-1) = 6 ln 2 = 4.159',
      'b1 = b5 · ∂f5/∂f1 = (-6 ln 2) · 1 = -6 ln 2 = -4.159',
    ]);
  });
  it('backward b7..b1 in decimals without the exact engine', () => {
    expect(
      explain(p1, false)
        .slice(7)
        .map((e) => e.text),
    ).toEqual([
      'b7 = 1 (the output: d f7/d f7 = 1)',
      'b6 = b7 · ∂f7/∂f6 = 1 · (-3) = -3',
      'b5 = b6 · ∂f6/∂f5 = (-3) · 1.386 = -4.159',
      'b4 = b5 · ∂f5/∂f4 = (-4.159) · 1 = -4.159',
      'b3 = b7 · ∂f7/∂f3 = 1 · 2 = 2',
      'b2 = b4 · ∂f4/∂f2 = (-4.159) · (-1) = 4.159',
      'b1 = b5 · ∂f5/∂f1 = (-4.159) · 1 = -4.159',
    ]);
  });
  it('writes the same steps in LaTeX', () => {
    const steps = explain(p1, true);
    expect(steps[4].latex).toBe('f_{5} = f_{1} + f_{4} = 2 + \\left(-1\\right) = 1');
    expect(steps[9].latex).toBe(
      'b_{5} = b_{6} \\cdot \\frac{\\partial f_{6}}{\\partial f_{5}} = \\left(-3\\right) \\cdot \\left(2 \\ln 2\\right) = -6 \\ln 2 \\approx -4.159',
    );
    expect(steps[7].latex).toBe('b_{7} = 1 \\quad \\text{(the output: } \\frac{d f_{7}}{d f_{7}} = 1\\text{)}');
  });
  it("carries the local derivative rule each step uses: the node's own going forward, the consumer's going back", () => {
    const steps = explain(p1, true);
    expect(steps[5].rule).toBe('d/du 2^u = 2^u ln 2');
    expect(steps[9].rule).toBe('d/du 2^u = 2^u ln 2');
    expect(steps[9].ruleLatex).toBe('\\frac{d}{du}\\left(2^{u}\\right) = \\ln 2 \\cdot 2^{u}');
    expect(steps[0].rule).toBe('');
    expect(steps[7].rule).toBe('');
    expect(explain(p1, false)[9].ruleLatex).toBeUndefined();
  });
  it('explains one step at a time the same way', () => {
    const plan = compile(p1);
    const ev = evaluate(plan);
    const trace = buildTrace(ev);
    expect(explainStep(trace.at(trace.indexOf(4, 'backward')), plan, ev, exact).text).toBe(
      'b5 = b6 · ∂f6/∂f5 = (-3) · (2 ln 2) = -6 ln 2 = -4.159',
    );
  });
});

describe('other steps', () => {
  it('writes out every term where a value fans out: f = x·x + x at x = 3', () => {
    const doc = xSquaredPlusX();
    expect(explain(doc, false).at(-1)?.text).toBe('b1 = b2 · ∂f2/∂f1 + b2 · ∂f2/∂f1 + b3 · ∂f3/∂f1 = 1 · 3 + 1 · 3 + 1 · 1 = 7');
    expect(explain(doc, false).at(-1)?.rule).toBe('∂(a·b)/∂a = b; ∂(a·b)/∂b = a; ∂(a + b)/∂b = 1');
  });
  it("keeps fractions exact and parenthesised: P3's updated weight 11/3", () => {
    const doc = graph(
      [inp('a', 11 / 3), inp('b', 2 / 3), ['s', 'add'], ['q', 'square']],
      [
        ['a', 's', 'a'],
        ['b', 's', 'b'],
        ['s', 'q', 'u'],
      ],
    );
    expect(
      explain(doc, true)
        .slice(0, 4)
        .map((e) => e.text),
    ).toEqual([
      'f1 = a = 11/3 = 3.667',
      'f2 = b = 2/3 = 0.6667',
      'f3 = f1 + f2 = (11/3) + (2/3) = 13/3 = 4.333',
      'f4 = f3^2 = (13/3)^2 = 169/9 = 18.78',
    ]);
  });
  it('falls back to the decimal where there is no closed form, and does not round it to a false integer', () => {
    const tanh = (x: number) => explain(graph([inp('x', x), ['t', 'tanh']], [['x', 't', 'u']]), true)[1].text;
    expect(tanh(0.3)).toBe('f2 = tanh(f1) = tanh(3/10) = 0.2913');
    expect(tanh(12)).toBe('f2 = tanh(f1) = tanh(12) = 1.000');
  });
  it('says why a node has no value', () => {
    const doc = graph([inp('x', -2), ['l', 'log']], [['x', 'l', 'u']]);
    expect(explain(doc, false)[1].text).toBe('f2 = ln(f1) = ln(-2) (no value: log of a non-positive number: -2)');
  });
  it('writes LaTeX that KaTeX renders, in every kind of step', () => {
    const docs = [
      p1,
      graph(
        [inp('x', 3), ['m', 'mul'], ['s', 'add']],
        [
          ['x', 'm', 'a'],
          ['x', 'm', 'b'],
          ['m', 's', 'a'],
          ['x', 's', 'b'],
        ],
      ),
      graph([inp('x', -2), ['l', 'log']], [['x', 'l', 'u']]),
      graph(
        [inp('x', 1), ['s', 'sigmoid'], ['t', 'tanh'], ['q', 'pow', { params: { c: 0.5 } }]],
        [
          ['x', 's', 'u'],
          ['s', 't', 'u'],
          ['t', 'q', 'u'],
        ],
      ),
      graph(
        [inp('x', { shape: [2, 3], data: [1, 2, 3, 4, 5, 6] }), ['f', 'flatten'], ['t', 'sum']],
        [
          ['x', 'f', 'x'],
          ['f', 't', 'x'],
        ],
      ),
    ];
    for (const doc of docs) {
      for (const e of [...explain(doc, true), ...explain(doc, false)]) {
        for (const tex of [e.latex, e.ruleLatex ?? '']) expect(() => katex.renderToString(tex, { throwOnError: true }), tex).not.toThrow();
      }
    }
  });
  it('describes tensor steps by their shapes', () => {
    const doc = graph(
      [
        inp('x', { shape: [1, 3, 8, 8], init: 'normal', seed: 1 }),
        ['conv', 'conv2d', { params: { inChannels: 3, outChannels: 4, kernel: 3, stride: 1, padding: 1 } }],
        ['total', 'sum'],
      ],
      [
        ['x', 'conv', 'x'],
        ['conv', 'total', 'x'],
      ],
    );
    expect(explain(doc, true).map((e) => e.text)).toEqual([
      'f1 = x = 1×3×8×8',
      'f2 = conv2d(f1): 1×3×8×8 → 1×4×8×8',
      'f3 = sum(f2): 1×4×8×8 → scalar',
      'b3 = 1 (the output: d f3/d f3 = 1)',
      'b2 = b3 through sum (scalar → 1×4×8×8)',
      'b1 = b2 through conv2d (1×4×8×8 → 1×3×8×8)',
    ]);
  });
});
