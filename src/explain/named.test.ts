// @vitest-environment jsdom
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { graph, inp } from '../../tests/doc-builder';
import { pdflatex } from '../../tests/pdflatex';
import { examSvg } from '../exam/svg';
import { examTikz } from '../exam/tikz';
import { analyze } from '../graph/analyze';
import { buildTrace } from '../graph/trace';
import { explainTrace } from './explain';

/** z = w · x with the labels a course writes: w^{(1)}_{11}, x_1, z^{(1)}_1 (σ left out: it has no bearing). */
const neuron = () =>
  analyze(
    graph(
      [inp('w', 0.5, { label: 'w^{(1)}_{11}' }), inp('x', 2, { label: 'x_1' }), ['z', 'mul', { label: '\\sigma_1' }]],
      [
        ['w', 'z', 'a'],
        ['x', 'z', 'b'],
      ],
      'z',
    ),
  );

describe('the named notation', () => {
  it('writes gradients as ∂L/∂w^{(1)}_{11} over the labels read as TeX, which KaTeX typesets', () => {
    const an = neuron();
    const steps = explainTrace(buildTrace(an.evaluation), an.plan, an.evaluation, null, 'named');
    const b1 = steps[steps.length - 1];
    expect(b1.text).toBe('∂\\sigma_1/∂w^{(1)}_{11} = ∂\\sigma_1/∂\\sigma_1 · ∂\\sigma_1/∂w^{(1)}_{11} = 1 · 2 = 2');
    expect(b1.latex).toContain('\\frac{\\partial \\sigma _{1}}{\\partial w^{(1)}_{11}}');
    for (const s of steps) expect(() => katex.renderToString(s.latex, { throwOnError: true, strict: 'error' })).not.toThrow();
    // The exams' notation keeps a label as text.
    const exam = explainTrace(buildTrace(an.evaluation), an.plan, an.evaluation, null, 'exam');
    expect(exam[0].latex).toContain('\\text{w\\textasciicircum{}\\{(1)\\}\\_\\{11\\}}');
  });

  it('sets such labels with scripts on the exam sheet: SVG tspans, and TikZ math that pdflatex builds', () => {
    const an = neuron();
    const svg = examSvg(an, { view: 'answer' });
    expect(svg).toContain(
      '<tspan font-style="italic">w</tspan><tspan dy="-4.56" font-size="8.4">(1)</tspan><tspan dy="7.2" font-size="8.4">11</tspan>',
    );
    const tex = examTikz(an, { view: 'answer', standalone: true });
    expect(tex).toContain('{$w^{(1)}_{11} = 0.5$}');
    expect(tex).toContain('{$\\sigma _{1} = 1$}');
    const dir = mkdtempSync(join(tmpdir(), 'named-'));
    writeFileSync(join(dir, 'named.tex'), tex);
    expect(pdflatex(dir, 'named.tex')).toBeGreaterThan(0);
  }, 60_000);
});
