// @vitest-environment jsdom
import '../test-setup';
import { editor } from '../editor';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../App';
import { firstDocument } from '../examples';
import { bigCanvas, reduceMotion, updatesFromTimers } from './test-helpers';

bigCanvas();

const position = () => screen.getByTestId('playback-position').textContent;
const score = () => screen.getByTestId('playback-score').textContent;
const verdict = () => screen.getByTestId('predict-verdict').textContent;

describe('predict mode', () => {
  beforeEach(() => {
    updatesFromTimers();
    localStorage.clear();
    reduceMotion(true);
    editor.reset();
    const doc = firstDocument();
    if (!doc) throw new Error('P1 is bundled');
    editor.reset({ ...doc, view: { x: 0, y: 0, zoom: 1 } });
  });
  afterEach(() => editor.reset());

  it('grades each prediction, reveals the step and keeps the score', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.click(screen.getByRole('checkbox', { name: 'Predict' }));
    expect(position()).toBe('0 / 14');
    expect(score()).toBe('0 / 0 right');
    await user.type(screen.getByRole('textbox', { name: 'Predict f1 =' }), '2');
    await user.click(screen.getByRole('button', { name: 'Check' }));
    expect(verdict()).toBe('✓ Right: f1 = 2');
    expect(score()).toBe('1 / 1 right');
    expect(position()).toBe('1 / 14');
    expect(screen.getByTestId('edge-value-x-add-a')).toHaveTextContent('f1 = 2');
    expect(screen.getByTestId('playback-announcer')).toHaveTextContent(/^Right\. Step 1 of 14, forward: f1 = x = 2$/);
    await user.type(screen.getByRole('textbox', { name: 'Predict f2 =' }), '5{Enter}');
    expect(verdict()).toBe('✗ Not quite: f2 = 1, not 5');
    expect(score()).toBe('1 / 2 right');
    await user.type(screen.getByRole('textbox', { name: 'Predict f3 =' }), 'minus three{Enter}');
    expect(screen.getByText(/enter a number/)).toBeVisible();
    expect(score()).toBe('1 / 2 right');
    expect(position()).toBe('2 / 14');
  });

  it('pauses Play before each step for a prediction, and Reveal moves on without one', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Speed' }), '8');
    await user.click(screen.getByRole('checkbox', { name: 'Predict' }));
    await user.click(screen.getByRole('button', { name: 'Play' }));
    expect(screen.getByRole('textbox', { name: 'Your prediction: f1 =' })).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Reveal f1' }));
    await screen.findByRole('button', { name: 'Reveal f2' });
    expect(position()).toBe('1 / 14');
    await user.type(screen.getByRole('textbox', { name: 'Your prediction: f2 =' }), '1{Enter}');
    await screen.findByRole('button', { name: 'Reveal f3' });
    expect(position()).toBe('2 / 14');
    expect(score()).toBe('1 / 1 right');
  });

  it('accepts the exact form once the exact engine is in: b5 = -6 ln 2', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.click(screen.getByRole('checkbox', { name: 'Predict' }));
    await waitFor(() => expect(editor.state.explain.exactState).toBe('ready'), { timeout: 15_000 });
    await user.click(screen.getByRole('button', { name: 'Step forward' }));
    editor.playback.seek(9);
    await user.type(await screen.findByRole('textbox', { name: 'Predict b5 =' }), '-6 ln 2{Enter}');
    expect(verdict()).toBe('✓ Right: b5 = −6 ln 2 = −4.159');
    expect(score()).toBe('1 / 1 right');
  }, 20_000);
});
