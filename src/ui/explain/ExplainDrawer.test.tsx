// @vitest-environment jsdom
import '../test-setup';
import { editor } from '../editor';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { graph, inp } from '../../../tests/doc-builder';
import { parseDocument } from '../../graph/load';
import type { GraphDocument } from '../../graph/schema';
import { App } from '../App';
import { firstDocument } from '../examples';
import { bigCanvas, noCanvas, reduceMotion, updatesFromTimers } from '../playback/test-helpers';

bigCanvas();
noCanvas();

function example(file: string): GraphDocument {
  const r = parseDocument(readFileSync(resolve('public/examples', file), 'utf8'));
  if (!r.ok) throw new Error(`${file} should load`);
  return { ...r.doc, view: { x: 0, y: 0, zoom: 1 } };
}

const card = (name: RegExp) => screen.getByRole('article', { name });
/** The LaTeX KaTeX typeset, from the MathML annotation screen readers get. */
const latexIn = (el: HTMLElement) => [...el.querySelectorAll('annotation')].map((a) => a.textContent).join(' | ');
const select = (id: string) => act(() => editor.select([id]));

describe('the explanation panel', () => {
  beforeEach(() => {
    updatesFromTimers();
    localStorage.clear();
    reduceMotion(true);
    editor.reset();
  });
  afterEach(() => editor.reset());

  it('opens with playback and explains the step just run, typeset by KaTeX with MathML, the rule beside it', async () => {
    editor.reset({ ...(firstDocument() as GraphDocument), view: { x: 0, y: 0, zoom: 1 } });
    render(<App />);
    expect(document.getElementById('explain-panel')).not.toBeVisible();
    act(() => editor.playback.seek(5));
    const panel = screen.getByRole('region', { name: 'Explanation' });
    expect(within(panel).getByRole('heading', { name: 'Step 5 of 14 · forward · f5 · Add' })).toBeVisible();
    const math = await within(panel).findByTestId('step-explanation');
    await waitFor(() => expect(latexIn(math)).toBe('f_{5} = f_{1} + f_{4} = 2 + \\left(-1\\right) = 1'));
    expect(math.querySelector('math')).not.toBeNull();
    expect(within(card(/^Step 5/)).getByRole('complementary', { name: 'Local derivative rule' })).toHaveTextContent('local rule');
  });

  it('writes exact forms once the exact engine has loaded: b5 = -6 ln 2', async () => {
    editor.reset({ ...(firstDocument() as GraphDocument), view: { x: 0, y: 0, zoom: 1 } });
    render(<App />);
    act(() => editor.playback.seek(10));
    await waitFor(() => expect(editor.state.explain.exactState).toBe('ready'), { timeout: 15_000 });
    await waitFor(() => expect(latexIn(screen.getByTestId('step-explanation'))).toContain('-6 \\ln 2 \\approx -4.159'));
    expect(screen.getByTestId('step-explanation')).toHaveAttribute('data-text', 'b5 = b6 · ∂f6/∂f5 = (-3) · (2 ln 2) = -6 ln 2 = -4.159');
  }, 20_000);

  it('lists the terms of a fan-out sum: f = x·x + x gives b1 = 3 + 3 + 1 = 7', () => {
    editor.reset({
      ...graph(
        [inp('x', 3), ['m', 'mul'], ['s', 'add']],
        [
          ['x', 'm', 'a'],
          ['x', 'm', 'b'],
          ['m', 's', 'a'],
          ['x', 's', 'b'],
        ],
      ),
      view: { x: 0, y: 0, zoom: 1 },
    });
    render(<App />);
    act(() => editor.explain.setOpen(true));
    select('x');
    const table = within(card(/: b1$/)).getByRole('table');
    expect(
      within(table)
        .getAllByRole('row')
        .map((r) => r.textContent),
    ).toEqual([
      'use of f1b_j · ∂f_j/∂f1term',
      'f2 (Multiply, port a)b2 · ∂f2/∂f1 = (1)(3)3',
      'f2 (Multiply, port b)b2 · ∂f2/∂f1 = (1)(3)3',
      'f3 (Add, port b)b3 · ∂f3/∂f1 = (1)(1)1',
      'sum = b17',
    ]);
  });

  it('P12: clicking an input cell lists the dY cells and weights that feed its gradient', async () => {
    const user = userEvent.setup();
    editor.reset(example('p12-conv-gradient.json'));
    render(<App />);
    act(() => editor.explain.setOpen(true));
    select('X');
    const backward = card(/: b1$/);
    await user.click(within(backward).getByRole('button', { name: /^dX\[1,2\] = / }));
    const worked = within(backward).getByTestId('worked-cell');
    expect(worked.textContent).toMatch(
      /^dX\[1,2\] = W\[2,3\] dY\[1,1\] \+ W\[2,2\] dY\[1,2\] \+ W\[2,1\] dY\[1,3\] \+ W\[1,3\] dY\[2,1\] \+ W\[1,2\] dY\[2,2\] \+ W\[1,1\] dY\[2,3\]=/,
    );
    const total = Number(worked.textContent?.split(' = ').at(-1)?.replace('−', '-'));
    expect(
      within(backward)
        .getByRole('button', { name: /^dX\[1,2\] = / })
        .getAttribute('aria-label'),
    ).toBe(`dX[1,2] = ${total}`);
    const terms = [...backward.querySelectorAll('.cell-grid__cell--term')].map((c) => c.getAttribute('title')?.split(' = ')[0]);
    expect(terms.filter((t) => t?.startsWith('dY')).sort()).toEqual(['dY[1,1]', 'dY[1,2]', 'dY[1,3]', 'dY[2,1]', 'dY[2,2]', 'dY[2,3]']);
    expect(terms.filter((t) => t?.startsWith('W')).sort()).toEqual(['W[1,1]', 'W[1,2]', 'W[1,3]', 'W[2,1]', 'W[2,2]', 'W[2,3]']);
  });

  it('P5: a max pool’s window and argmax; a node’s tensor opens as a grid of numbers', async () => {
    const user = userEvent.setup();
    editor.reset(example('p5-pooling-by-hand.json'));
    render(<App />);
    act(() => editor.explain.setOpen(true));
    select('max');
    const forward = card(/: f3$/);
    await user.click(within(forward).getByRole('button', { name: 'Y[2,2] = 7' }));
    expect(within(forward).getByTestId('worked-cell')).toHaveTextContent('Y[2,2] = max(7, 3, 5, 1) = 7, at X[3,3]');
    expect(forward.querySelector('.cell-grid__cell--argmax')).toHaveAttribute('title', 'X[3,3] = 7');
    act(() => editor.explain.inspectTensor('I', 'value'));
    const grid = screen.getByRole('region', { name: 'Tensor as numbers' });
    expect(within(grid).getByRole('heading', { name: 'value f1 · 1×4×4' })).toBeVisible();
    expect([...grid.querySelectorAll('.cell-grid__cell')].map((c) => c.textContent).join('')).toBe('1432781210732151');
    // Its colour scale runs from the smallest number to the largest.
    expect(within(grid).getByRole('img', { name: 'Colour scale from 0 to 8' })).toBeVisible();
    // The picked output cell's receptive window is outlined on the input, its max marked.
    const marked = (cls: string) => [...grid.querySelectorAll(`.cell-grid__cell--${cls}`)].map((c) => c.getAttribute('title'));
    expect(marked('window')).toEqual(['I[3,4] = 3', 'I[4,3] = 5', 'I[4,4] = 1']);
    expect(marked('argmax')).toEqual(['I[3,3] = 7']);
  });
});
