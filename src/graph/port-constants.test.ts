import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as mathjs from 'mathjs';
import { describe, expect, it } from 'vitest';
import { graph, inp } from '../../tests/doc-builder';
import { runPython } from '../../tests/python';
import { examSvg } from '../exam/svg';
import { examTikz } from '../exam/tikz';
import { createExactEngine } from '../exact/engine';
import { explainTrace } from '../explain/explain';
import { explainTangentStep } from '../explain/tangent';
import { toDot } from '../export/dot';
import { diagramOf } from '../export/graph-text';
import { toMermaid } from '../export/mermaid';
import { toPyTorchScript } from '../export/pytorch/export';
import { decodeShare, encodeShare } from '../export/share';
import { analyze } from './analyze';
import { compile } from './compile';
import { evaluate } from './evaluate';
import { forwardMode } from './forward';
import { maxRelDiff, numericalGradient } from './gradcheck';
import { validateDocument } from './load';
import type { GraphDocument } from './schema';
import { buildTangentTrace } from './tangent-trace';
import { buildTrace, type ForwardStep } from './trace';

const LN2 = Math.log(2);

/**
 * Seed exam 000's f = z · 2^(x − y) with −y written as (−1) · y, the −1 typed into the port:
 * the exam numbers it f1..f7 all the same, the −1 getting no number.
 */
const p1WithPortConstant = (): GraphDocument => ({
  ...graph(
    [
      inp('x', 2),
      inp('y', 1),
      inp('z', -3),
      ['neg', 'mul', { constants: { a: -1 } }],
      ['add', 'add'],
      ['pow2', 'expBase', { params: { c: 2 } }],
      ['mul', 'mul'],
    ],
    [
      ['y', 'neg', 'b'],
      ['x', 'add', 'a'],
      ['neg', 'add', 'b'],
      ['add', 'pow2', 'u'],
      ['z', 'mul', 'a'],
      ['pow2', 'mul', 'b'],
    ],
    'mul',
  ),
  expected: { tol: 1e-9, output: -6, gradients: { x: -6 * LN2, y: 6 * LN2, z: 2 } },
});

/** g(x) = sin(2·x) / (x + 3): the 2 and the 3 typed into ports. */
const sinOverShift = (x: number, general = false) => {
  const doc = graph(
    [inp('x', x), ['m', 'mul', { constants: { a: 2 } }], ['s', 'sin'], ['p', 'add', { constants: { b: 3 } }], ['d', 'div']],
    [
      ['x', 'm', 'b'],
      ['m', 's', 'u'],
      ['x', 'p', 'a'],
      ['s', 'd', 'a'],
      ['p', 'd', 'b'],
    ],
    'd',
  );
  return evaluate(compile(doc), { general });
};

describe('numbers typed into ports', () => {
  it('number like the exam: the −1 of (−1) · y gets no f_i, and f1..f7 and b1..b7 are the exam answers', () => {
    const an = analyze(p1WithPortConstant());
    expect(an.plan.n).toBe(7);
    expect(an.plan.labels.slice(0, 7)).toEqual(['f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7']);
    expect(an.plan.constants).toEqual([-1]);
    const ev = an.evaluation;
    expect(Array.from({ length: 7 }, (_, k) => ev.value(k))).toEqual([2, 1, -3, -1, 1, 2, -6]);
    const b = Array.from({ length: 7 }, (_, k) => ev.grad(k) as number);
    expect(maxRelDiff(b, [-6 * LN2, 6 * LN2, 2, -6 * LN2, -6 * LN2, -3, 1])).toBeLessThan(1e-12);
    // The constant has a value and no gradient, as a constant node's.
    expect(ev.value(7)).toBe(-1);
    expect(ev.grad(7)).toBeUndefined();
  });

  it('evaluate g(x) = sin(2x)/(x + 3) to its closed form and derivative, on both paths, matching central differences', () => {
    for (const x of [-1.3, 0.4, 2.2]) {
      const want = Math.sin(2 * x) / (x + 3);
      const dwant = (2 * Math.cos(2 * x) * (x + 3) - Math.sin(2 * x)) / (x + 3) ** 2;
      for (const general of [false, true]) {
        const ev = sinOverShift(x, general);
        expect(ev.output).toBeCloseTo(want, 12);
        expect(ev.grad(0)).toBeCloseTo(dwant, 10);
        const numeric = numericalGradient((v) => sinOverShift(v[0]).output as number, Float64Array.of(x));
        expect(maxRelDiff([ev.grad(0) as number], numeric)).toBeLessThan(1e-7);
      }
    }
  });

  it('give the values and gradients a constant node in the same place gives', () => {
    const withNode = graph(
      [inp('x', 0.7), ['two', 'constant', { value: 2 }], ['m', 'mul'], ['s', 'sin']],
      [
        ['two', 'm', 'a'],
        ['x', 'm', 'b'],
        ['m', 's', 'u'],
      ],
      's',
    );
    const onPort = graph(
      [inp('x', 0.7), ['m', 'mul', { constants: { a: 2 } }], ['s', 'sin']],
      [
        ['x', 'm', 'b'],
        ['m', 's', 'u'],
      ],
      's',
    );
    const [a, b] = [analyze(withNode), analyze(onPort)];
    for (const id of ['x', 'm', 's']) {
      const [i, j] = [a.plan.index.get(id) as number, b.plan.index.get(id) as number];
      expect(b.evaluation.value(j)).toBe(a.evaluation.value(i));
      expect(b.evaluation.grad(j)).toBe(a.evaluation.grad(i));
    }
    // The constant node is numbered (f2); the port constant is not, so s is f3 rather than f4.
    expect(a.plan.labels[a.plan.index.get('s') as number]).toBe('f4');
    expect(b.plan.labels[b.plan.index.get('s') as number]).toBe('f3');
  });

  it('carry a zero tangent in forward mode: ḟ of the output equals the reverse-mode gradient', () => {
    const ev = sinOverShift(0.4);
    const fm = forwardMode(ev, { node: 0 });
    expect(fm.tangent(ev.plan.output)).toBeCloseTo(ev.grad(0) as number, 12);
  });

  it('add no term to a forward-mode step: ḟ4 = ∂f4/∂f2 · ḟ2 with respect to y', () => {
    const an = analyze(p1WithPortConstant());
    const fm = forwardMode(an.evaluation, { node: 1 });
    const t = buildTangentTrace(fm);
    expect(explainTangentStep(t.at(3), an.plan, fm).text).toBe('ḟ4 = ∂f4/∂f2 · ḟ2 = (-1) · 1 = -1');
    expect(fm.tangent(6)).toBeCloseTo(6 * LN2, 12);
  });

  it('feed a call of a user-defined function, collapsed and expanded alike', () => {
    const doc = (expanded: boolean): GraphDocument => ({
      ...graph([inp('x', 0.8), ['c', 'call', { params: { fn: 'neuron' }, constants: { w: 1.5 }, expanded }]], [['x', 'c', 'x']], 'c'),
      functions: [{ name: 'neuron', args: ['w', 'x'], body: 'sigmoid(w*x)' }],
    });
    const s = 1 / (1 + Math.exp(-1.2));
    for (const expanded of [false, true]) {
      const an = analyze(doc(expanded));
      expect(an.evaluation.output).toBeCloseTo(s, 12);
      expect(an.evaluation.grad(0)).toBeCloseTo(1.5 * s * (1 - s), 12);
    }
  });

  it('show in the step trace and its explanation as the number itself', () => {
    const an = analyze(p1WithPortConstant());
    const trace = buildTrace(an.evaluation);
    const f4 = trace.at(3) as ForwardStep;
    expect(f4.inputs.map((i) => [i.port, i.label, i.value])).toEqual([
      ['a', '-1', -1],
      ['b', 'f2', 1],
    ]);
    const text = explainTrace(trace, an.plan, an.evaluation).map((e) => e.text);
    expect(text[3]).toBe('f4 = (-1) * f2 = (-1) * 1 = -1');
    // b2 = b4 · ∂f4/∂f2, and ∂f4/∂f2 is the constant: −6 ln 2 · (−1).
    expect(text[12]).toBe('b2 = b4 · ∂f4/∂f2 = (-4.159) · (-1) = 4.159');
  });

  it('have exact forms: b1 = −6 ln 2, as the exam writes it', () => {
    const an = analyze(p1WithPortConstant());
    const ex = createExactEngine(mathjs).exactValues(an.plan, an.evaluation);
    expect(ex.grad.map((g) => g?.text)).toEqual(['-6 ln 2', '6 ln 2', '2', '-6 ln 2', '-6 ln 2', '-3', '1']);
  });

  it('are drawn at their port in DOT and Mermaid, as plain numbers without an f_i', () => {
    const d = diagramOf(analyze(p1WithPortConstant()));
    expect(toDot(d)).toContain('c1 [label="−1", shape=plaintext];\n  c1 -> n4 [label="a = −1"];');
    expect(toMermaid(d)).toContain('c1(("#8722;1"))\n  c1 -->|"a = #8722;1"| n4');
  });

  it('are written at their port on the exam sheet, SVG and TikZ', () => {
    const an = analyze(p1WithPortConstant());
    expect(examSvg(an, { view: 'student' })).toMatch(/<text [^>]*text-anchor="end" data-key="constant">−1<\/text>/);
    expect(examTikz(an, { view: 'student' })).toMatch(/\\node\[anchor=base east[^\]]*\] at \([\d.]+,-[\d.]+\) \{\$-1\$\};/);
  });

  it('survive a share link', () => {
    const doc = p1WithPortConstant();
    const back = decodeShare(encodeShare(doc));
    expect(back.ok && back.doc.nodes[3].constants).toEqual({ a: -1 });
  });

  it('run in the PyTorch export under real torch, which checks the exam gradients', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'port-constants-'));
    const file = join(dir, 'p1.py');
    writeFileSync(file, toPyTorchScript(p1WithPortConstant()));
    const run = await runPython(file);
    expect(run.output).toContain('ok');
    expect(run.status).toBe(0);
  }, 120_000);
});

describe('a document with a bad port constant', () => {
  const load = (constants: Record<string, unknown>, op = 'mul') =>
    validateDocument({
      ...graph([inp('x', 1), ['m', op, { constants: constants as Record<string, number> }]], [['x', 'm', 'b']], 'm'),
      nodes: [
        { id: 'x', op: 'input', value: 1 },
        { id: 'm', op, constants },
      ],
    });

  it.each([
    [{ b: 2 }, 'nodes[1].constants.b', 'input "b" of node "m" is connected (edges[0]): a port holds an edge or a number, not both'],
    [{ q: 2 }, 'nodes[1].constants.q', 'op "mul" of node "m" has no input port "q" (ports: "a", "b")'],
    [
      { a: Infinity },
      'nodes[1].constants.a',
      'must be a finite number, got Infinity (JSON reads numbers beyond ±1.8e308, such as 1e309, as infinite)',
    ],
    [{ a: '2' }, 'nodes[1].constants.a', 'must be a finite number, got the string "2"'],
  ])('is refused with where and what: %j', (constants, path, message) => {
    const r = load(constants);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues).toEqual([{ path, message }]);
  });

  it('is refused on a node without input ports', () => {
    const r = validateDocument({ ...graph([['x', 'input', { value: 1, constants: { a: 1 } }]], []) });
    expect(!r.ok && r.issues).toEqual([
      { path: 'nodes[0].constants.a', message: 'op "input" of node "x" has no input port "a" (ports: none)' },
    ]);
  });
});
