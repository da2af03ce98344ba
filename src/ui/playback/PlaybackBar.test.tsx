// @vitest-environment jsdom
import '../test-setup';
import { editor } from '../editor';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../App';
import { firstDocument } from '../examples';
import { setValue } from '../store/edits';
import { bigCanvas, reduceMotion, updatesFromTimers } from './test-helpers';

bigCanvas();

function loadP1() {
  const doc = firstDocument();
  if (!doc) throw new Error('P1 is bundled');
  editor.reset({ ...doc, view: { x: 0, y: 0, zoom: 1 } });
}

const text = (id: string) => screen.getByTestId(id).textContent;
const position = () => text('playback-position');

describe('the playback bar', () => {
  beforeEach(() => {
    updatesFromTimers();
    localStorage.clear();
    reduceMotion(true);
    editor.reset();
    loadP1();
  });
  afterEach(() => editor.reset());

  it('shows every value until playback starts, then "?" until each step has run', async () => {
    const user = userEvent.setup();
    render(<App />);
    expect(text('edge-value-add-pow2-u')).toBe('f5 = 1');
    expect(position()).toBe('all shown');
    await user.click(screen.getByRole('button', { name: 'Reset' }));
    expect(position()).toBe('0 / 14');
    expect(text('edge-value-x-add-a')).toBe('f1 = ?');
    expect(text('edge-grad-x-add-a')).toBe('b1 = ?');
    expect(text('status-output')).toBe('?');
    for (let i = 0; i < 5; i++) await user.click(screen.getByRole('button', { name: 'Step forward' }));
    expect(position()).toBe('5 / 14');
    expect(text('edge-value-x-add-a')).toBe('f1 = 2');
    expect(text('edge-value-add-pow2-u')).toBe('f5 = 1');
    expect(text('edge-value-pow2-mul-b')).toBe('f6 = ?');
    expect(text('edge-grad-add-pow2-u')).toBe('b5 = ?');
    // The hidden label keeps the value's text as an invisible ghost, so its box does not resize.
    expect(screen.getByTestId('edge-value-pow2-mul-b')).toHaveAttribute('data-ghost', 'f6 = 2');
    expect(screen.getByTestId('node-add')).toHaveAttribute('aria-current', 'step');
    expect(screen.getByTestId('node-add')).toHaveTextContent('▶ forward: f5');
    expect(screen.getByTestId('playback-announcer')).toHaveTextContent('Step 5 of 14, forward: f5 = f1 + f4 = 2 + (-1) = 1');
  });

  it('steps back, resets and shows everything again', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.click(screen.getByRole('button', { name: 'Step back' }));
    expect(position()).toBe('13 / 14');
    expect(text('edge-value-x-add-a')).toBe('f1 = 2');
    expect(text('edge-grad-x-add-a')).toBe('b1 = ?');
    expect(text('edge-grad-y-neg-u')).toBe('b2 = 4.159');
    await user.click(screen.getByRole('button', { name: 'Reset' }));
    expect(text('edge-value-y-neg-u')).toBe('f2 = ?');
    await user.click(screen.getByRole('button', { name: 'Show all' }));
    expect(position()).toBe('all shown');
    expect(text('edge-grad-x-add-a')).toBe('b1 = −4.159');
    expect(screen.getByTestId('node-add')).not.toHaveAttribute('aria-current');
  });

  it('plays both passes to the end, with the forward and backward buttons for one pass each', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Speed' }), '8');
    await user.click(screen.getByRole('button', { name: 'Forward' }));
    await waitFor(() => expect(position()).toBe('7 / 14'), { timeout: 15_000 });
    expect(text('edge-value-pow2-mul-b')).toBe('f6 = 2');
    expect(text('edge-grad-pow2-mul-b')).toBe('b6 = ?');
    await user.click(screen.getByRole('button', { name: 'Backward' }));
    await waitFor(() => expect(position()).toBe('14 / 14'), { timeout: 15_000 });
    expect(text('edge-grad-x-add-a')).toBe('b1 = −4.159');
    // Play at the end starts over; Pause holds the step wherever the timer had got to.
    await user.click(screen.getByRole('button', { name: 'Play' }));
    await user.click(screen.getByRole('button', { name: 'Pause' }));
    expect(screen.getByRole('button', { name: 'Play' })).toBeVisible();
    const paused = position();
    expect(Number(/^(\d+) \/ 14$/.exec(paused)?.[1])).toBeLessThan(14);
    await new Promise((r) => setTimeout(r, 400));
    expect(position()).toBe(paused);
  }, 40_000);

  it('moves the scrubber to any step', async () => {
    render(<App />);
    act(() => editor.set('playback', { speed: 8 }));
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Reset' }));
    const scrubber = screen.getByRole('slider', { name: 'Step' });
    expect(scrubber).toHaveAttribute('aria-valuetext', 'Step 0 of 14, nothing computed yet');
    act(() => {
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
      setter?.call(scrubber, '9');
      scrubber.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(position()).toBe('9 / 14');
    expect(scrubber).toHaveAttribute('aria-valuetext', 'Step 9 of 14, backward pass');
    expect(text('edge-grad-pow2-mul-b')).toBe('b6 = −3');
    expect(text('edge-grad-add-pow2-u')).toBe('b5 = ?');
  });

  it('keeps the step through a value edit, and leaves playback when the graph changes shape', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.click(screen.getByRole('button', { name: 'Reset' }));
    await user.click(screen.getByRole('button', { name: 'Step forward' }));
    act(() => editor.commit('Edit value', setValue('x', 5)));
    expect(position()).toBe('1 / 14');
    expect(text('edge-value-x-add-a')).toBe('f1 = 5');
    act(() => editor.commit('Delete', (d) => void d.edges.pop()));
    expect(position()).toBe('all shown');
  });
});

describe('playback from the keyboard', () => {
  beforeEach(() => {
    updatesFromTimers();
    localStorage.clear();
    reduceMotion(true);
    editor.reset();
    loadP1();
  });
  afterEach(() => editor.reset());

  it('→ and ← step, Home resets, Space plays and pauses', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.keyboard('{Home}');
    expect(position()).toBe('0 / 14');
    await user.keyboard('{ArrowRight}{ArrowRight}{ArrowRight}');
    expect(position()).toBe('3 / 14');
    await user.keyboard('{ArrowLeft}');
    expect(position()).toBe('2 / 14');
    expect(text('edge-value-z-mul-a')).toBe('f3 = ?');
    await user.keyboard(' ');
    expect(editor.state.playback.playing).toBe(true);
    await user.keyboard(' ');
    expect(editor.state.playback.playing).toBe(false);
  });

  it('leaves the keys alone while typing in a text field', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.click(screen.getByRole('textbox', { name: 'Title' }));
    await user.keyboard('{ArrowRight}{Home} ');
    expect(editor.state.playback.active).toBe(false);
  });
});
