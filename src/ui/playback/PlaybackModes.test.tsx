// @vitest-environment jsdom
import '../test-setup';
import { readFileSync } from 'node:fs';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { parseDocument } from '../../graph/load';
import { editor } from '../editor';
import { App } from '../App';
import { firstDocument } from '../examples';
import { bigCanvas, reduceMotion, updatesFromTimers } from './test-helpers';

bigCanvas();

function example(file: string) {
  const r = parseDocument(readFileSync(`public/examples/${file}`, 'utf8'));
  if (!r.ok) throw new Error(`${file} does not load`);
  return { ...r.doc, view: { x: 0, y: 0, zoom: 1 } };
}

const text = (id: string) => screen.getByTestId(id).textContent;
const valueOf = (id: string) => editor.state.doc.present.nodes.find((n) => n.id === id)?.value;

beforeEach(() => {
  updatesFromTimers();
  localStorage.clear();
  reduceMotion(true);
  editor.reset();
});
afterEach(() => editor.reset());

describe('forward mode in the playback bar', () => {
  it('steps P1’s tangents with respect to x from the keyboard, in numbering order, to ḟ7 = −6 ln 2 = −4.159 (b1)', async () => {
    const doc = firstDocument();
    if (!doc) throw new Error('P1 is bundled');
    editor.reset({ ...doc, view: { x: 0, y: 0, zoom: 1 } });
    const user = userEvent.setup();
    render(<App />);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Playback mode' }), 'forward');
    expect(text('playback-position')).toBe('ḟ 0 / 7');
    expect(text('edge-tangent-x-add-a')).toBe('ḟ1 = ?');
    // The same keys as reverse-mode playback, once the mode's select (whose own arrows change it) is left.
    (document.activeElement as HTMLElement).blur();
    await user.keyboard('{ArrowRight}{ArrowRight}{ArrowRight}{ArrowRight}{ArrowRight}');
    expect(text('playback-position')).toBe('ḟ 5 / 7');
    expect(text('edge-tangent-x-add-a')).toBe('ḟ1 = 1');
    expect(text('edge-tangent-add-pow2-u')).toBe('ḟ5 = 1');
    expect(text('edge-tangent-pow2-mul-b')).toBe('ḟ6 = ?');
    expect(screen.getByTestId('tangent-explanation')).toHaveAttribute('data-text', 'ḟ5 = ∂f5/∂f1 · ḟ1 + ∂f5/∂f4 · ḟ4 = 1 · 1 + 1 · 0 = 1');
    await user.keyboard('{ArrowRight}{ArrowRight}');
    // f7 = z · 2^(x − y): ∂f7/∂x = z · 2^(x−y) · ln 2 = −3 · 2 · ln 2.
    expect(screen.getByTestId('tangent-explanation').getAttribute('data-text')).toBe(
      'ḟ7 = ∂f7/∂f3 · ḟ3 + ∂f7/∂f6 · ḟ6 = 2 · 0 + (-3) · 1.386 = -4.159',
    );
    expect(editor.state.forward.tangents.get('mul')).toBeCloseTo(-6 * Math.LN2, 12);
    expect(screen.getByTestId('playback-announcer')).toHaveTextContent(/^Tangent step 7 of 7: ḟ7 = /);
    expect(text('mode-costs-line')).toContain('reverse mode takes 2 passes (1 forward, 1 backward) and 10 operations');
    expect(text('mode-costs-line')).toContain('forward mode takes 3 passes (1 per input element) and 20 operations');
    await user.keyboard('{ArrowLeft}');
    expect(text('playback-position')).toBe('ḟ 6 / 7');
    await user.keyboard('{Home}');
    expect(text('playback-position')).toBe('ḟ 0 / 7');
    await user.keyboard(' ');
    expect(editor.state.playback.playing).toBe(true);
    await user.keyboard(' ');
    expect(editor.state.playback.playing).toBe(false);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Playback mode' }), 'reverse');
    expect(editor.state.forward.step).toBeNull();
    expect(text('edge-tangent-x-add-a')).toBe('ḟ1 = 1');
  }, 60_000);

  it('writes a tensor step’s JVP element by element: P3, d/dA of y = A·x is the column sums of x, [6, −1, −1]', async () => {
    editor.reset(example('p3-linear-mse-update.json'));
    const user = userEvent.setup();
    render(<App />);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Playback mode' }), 'forward');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Forward mode with respect to' }), 'A');
    for (let i = 0; i < 4; i++) await user.click(screen.getByRole('button', { name: 'Step forward' }));
    const rows = screen.getByTestId('jvp-elements').querySelectorAll('tbody tr');
    expect([...rows].map((r) => r.lastElementChild?.textContent)).toEqual(['6', '−1', '−1']);
    await user.click(screen.getByRole('button', { name: 'Step forward' }));
    // ḟ5 = Σ (y − t) ⊙ ḟy = −6 + 4 + 4 = 2 = Σ b_A = −2 + 4, reverse mode's gradient summed.
    expect(editor.state.forward.tangents.get('L')).toBeCloseTo(2, 12);
  }, 60_000);
});

describe('training in the playback bar', () => {
  it('P2 with SGD, lr 0.1: one step gives the exam’s x = 3 − 0.1·1 = 2.9; undo takes it back; 3 more follow x ← 2.5 + 0.8 (x − 2.5); Reset restores x = 3', async () => {
    editor.reset(example('p2-gradient-step.json'));
    const user = userEvent.setup();
    render(<App />);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Playback mode' }), 'training');
    await user.selectOptions(screen.getByRole('combobox', { name: 'optimizer' }), 'sgd');
    const lr = screen.getByRole('textbox', { name: 'learning rate η' });
    await user.clear(lr);
    await user.type(lr, '0.1');
    await user.click(screen.getByRole('button', { name: 'Step one' }));
    expect(text('training-position')).toBe('step 1');
    expect(valueOf('x')).toBeCloseTo(2.9, 15);
    expect(text('train-forward')).toBe('forward: L = 0.25');
    expect(text('train-backward')).toBe('backward: ∂L/∂x = 1');
    const theta = screen.getAllByTestId('train-line').at(-1);
    expect(theta).toHaveAttribute('data-name', 'θ');
    expect(Number(theta?.getAttribute('data-value'))).toBeCloseTo(2.9, 15);
    expect(editor.state.doc.past.at(-1)?.label).toBe('Training step 1 (SGD)');
    await user.keyboard('{ArrowLeft}');
    expect(valueOf('x')).toBe(3);
    expect(text('training-position')).toBe('step 0');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Speed' }), '8');
    const steps = screen.getByRole('textbox', { name: 'Steps to run' });
    await user.clear(steps);
    await user.type(steps, '3');
    await user.click(screen.getByRole('button', { name: 'Run 3 steps' }));
    await waitFor(() => expect(text('training-position')).toBe('step 3'), { timeout: 10_000 });
    await waitFor(() => expect(editor.state.playback.playing).toBe(false));
    expect(valueOf('x')).toBeCloseTo(2.5 + 0.5 * 0.8 ** 3, 14);
    expect(editor.state.doc.past.slice(-3).map((e) => e.label)).toEqual([
      'Training step 1 (SGD)',
      'Training step 2 (SGD)',
      'Training step 3 (SGD)',
    ]);
    await user.click(screen.getByRole('button', { name: 'Reset' }));
    expect(valueOf('x')).toBe(3);
    expect(editor.state.doc.present.training).toBeUndefined();
    expect(editor.state.doc.past.at(-1)?.label).toBe('Reset training');
  }, 60_000);
});
