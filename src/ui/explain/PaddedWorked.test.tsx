// @vitest-environment jsdom
import '../test-setup';
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { graph, inp } from '../../../tests/doc-builder';
import { App } from '../App';
import { bigCanvas, noCanvas, reduceMotion, updatesFromTimers } from '../playback/test-helpers';
import { editor } from '../editor';

bigCanvas();
noCanvas();

/** X = 1..9 (3×3) through a 3×3 kernel W = 1..9 with reflect padding 1, summed. */
const grid = { shape: [1, 1, 3, 3], data: [1, 2, 3, 4, 5, 6, 7, 8, 9] };
const doc = () => ({
  ...graph(
    [
      inp('X', grid),
      inp('W', grid),
      ['L', 'conv2d', { params: { kernel: 3, padding: 1, paddingMode: 'reflect', bias: false } }],
      ['S', 'sum'],
    ],
    [
      ['X', 'L', 'x'],
      ['W', 'L', 'weight'],
      ['L', 'S', 'x'],
    ],
  ),
  view: { x: 0, y: 0, zoom: 1 },
});

describe('the explanation works out a reflect-padded conv cell', () => {
  beforeEach(() => {
    updatesFromTimers();
    localStorage.clear();
    reduceMotion(true);
    editor.reset();
  });
  afterEach(() => editor.reset());

  it('Y[1,1] = 165 names each padding cell with the input cell it copies, and marks the cells read', async () => {
    const user = userEvent.setup();
    editor.reset(doc());
    render(<App />);
    act(() => editor.explain.setOpen(true));
    act(() => editor.select(['L']));
    const forward = screen.getByRole('article', { name: /: f3$/ });
    await user.click(within(forward).getByRole('button', { name: /^Y\[1,1\] = / }));
    const worked = within(forward).getByTestId('worked-cell');
    expect(worked).toHaveTextContent('= (1)(5) + (2)(4) + (3)(5) + (4)(2) + (5)(1) + (6)(2) + (7)(5) + (8)(4) + (9)(5) = 165');
    expect(worked).toHaveTextContent('reflect padding: X[0,0] = X[2,2] = 5; X[0,1] = X[2,1] = 4;');
    const read = [...forward.querySelectorAll('.cell-grid__cell--window')].map((c) => c.getAttribute('title'));
    // The window reads the top-left 2×2 block only: every padding cell copies one of them.
    expect(read).toEqual(['X[1,1] = 1', 'X[1,2] = 2', 'X[2,1] = 4', 'X[2,2] = 5']);
  });
});
