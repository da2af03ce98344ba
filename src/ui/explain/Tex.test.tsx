// @vitest-environment jsdom
import '../test-setup';
import { render, waitFor } from '@testing-library/react';
import { graph, inp } from '../../../tests/doc-builder';
import { compile } from '../../graph/compile';
import { evaluate } from '../../graph/evaluate';
import { explainTrace } from '../../explain/explain';
import { buildTrace } from '../../graph/trace';
import { Tex } from './Tex';

const LOAD = { timeout: 20_000 };

/** Renders a formula and waits for KaTeX to typeset it. */
async function typeset(latex: string): Promise<HTMLElement> {
  const { container } = render(<Tex latex={latex} text="(plain)" />);
  await waitFor(() => expect(container.querySelector('.katex, .katex-error')).not.toBeNull(), LOAD);
  return container;
}

/** The text KaTeX draws (its HTML), without the MathML copy and the TeX source it keeps for screen readers. */
const drawn = (el: HTMLElement): string => (el.querySelector('.katex-html')?.textContent ?? '').replace(/\s+/g, '');

describe('KaTeX with labels from a document', () => {
  // A user's labels, one on an input and one on an op: each must print as written.
  const rule = '\\rule{99em}{99em}';
  const href = '\\href{javascript:alert(1)}{click}';
  const doc = graph([inp('x', 2, { name: 'x', label: rule }), ['s', 'square', { label: href }]], [['x', 's', 'u']]);
  const plan = compile(doc);
  const ev = evaluate(plan);
  const steps = explainTrace(buildTrace(ev), plan, ev);

  it('shows a hostile label as literal text: no rule drawn, no link made', async () => {
    const forward = steps.find((e) => e.text.startsWith(`${href} =`));
    expect(forward?.latex).toContain('\\text{\\textbackslash{}rule\\{99em\\}\\{99em\\}}');
    const el = await typeset(forward?.latex ?? '');
    expect(drawn(el)).toContain('\\rule{99em}{99em}');
    expect(drawn(el)).toContain('\\href{javascript:alert(1)}{click}');
    expect(el.querySelector('.katex-rule, .rule, a')).toBeNull();
    expect(el.querySelector('.katex-error')).toBeNull();
  }, 30_000);

  it('caps a rule in declared TeX at 10 em, refuses links and stops a runaway macro', async () => {
    const ruled = await typeset(rule);
    const drawnRule = ruled.querySelector<HTMLElement>('.katex-rule');
    expect(drawnRule?.style.borderRightWidth).toBe('10em');
    expect(drawnRule?.style.borderTopWidth).toBe('10em');
    expect((await typeset(href)).querySelector('a')).toBeNull();
    const loop = await typeset('\\def\\x{\\x}\\x');
    expect(loop.querySelector('.katex-error')?.getAttribute('title')).toMatch(/Too many expansions/);
  }, 30_000);
});
