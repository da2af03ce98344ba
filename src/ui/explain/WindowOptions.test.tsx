// @vitest-environment jsdom
import '../test-setup';
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { graph, inp } from '../../../tests/doc-builder';
import type { GraphDocument } from '../../graph/schema';
import { App } from '../App';
import { bigCanvas, noCanvas, reduceMotion, updatesFromTimers } from '../playback/test-helpers';
import { editor } from '../editor';

bigCanvas();
noCanvas();

const card = (name: RegExp) => screen.getByRole('article', { name });
const select = (id: string) => act(() => editor.select([id]));
const grid = (shape: number[]) => ({ shape, data: Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i + 1) });

/** X (1×h×w, 1 to h·w) through one layer with a connected kernel W, summed: dY is all ones. */
function layer(op: string, params: Record<string, unknown>, x: number[], w: number[]): GraphDocument {
  return {
    ...graph(
      [inp('X', grid(x)), inp('W', grid(w)), ['L', op, { params: { bias: false, ...params } }], ['S', 'sum']],
      [
        ['X', 'L', 'x'],
        ['W', 'L', 'weight'],
        ['L', 'S', 'x'],
      ],
    ),
    view: { x: 0, y: 0, zoom: 1 },
  };
}

describe('worked cells for dilation, transposed convolution and dW', () => {
  beforeEach(() => {
    updatesFromTimers();
    localStorage.clear();
    reduceMotion(true);
    editor.reset();
  });
  afterEach(() => editor.reset());

  it('a dilated kernel reads every other cell: Y[1,1] = 1·1 + 2·3 + 3·11 + 4·13 = 92', async () => {
    const user = userEvent.setup();
    editor.reset(layer('conv2d', { kernel: 2, dilation: 2 }, [1, 5, 5], [1, 1, 2, 2]));
    render(<App />);
    act(() => editor.explain.setOpen(true));
    select('L');
    const forward = card(/: f3$/);
    await user.click(within(forward).getByRole('button', { name: /^Y\[1,1\] = / }));
    expect(within(forward).getByTestId('worked-cell')).toHaveTextContent(
      'Y[1,1] = W[1,1] X[1,1] + W[1,2] X[1,3] + W[2,1] X[3,1] + W[2,2] X[3,3]= (1)(1) + (2)(3) + (3)(11) + (4)(13) = 92',
    );
    const window = [...forward.querySelectorAll('.cell-grid__cell--window')].map((c) => c.getAttribute('title'));
    expect(window).toEqual(['X[1,1] = 1', 'X[1,3] = 3', 'X[3,1] = 11', 'X[3,3] = 13']);
  });

  it('conv1d is worked as one row: Y[1,1] of a dilation-2 kernel on 1..6 is 1·1 + 2·3 + 3·5 = 22', async () => {
    const user = userEvent.setup();
    editor.reset(layer('conv1d', { kernel: 3, dilation: 2 }, [1, 6], [1, 1, 3]));
    render(<App />);
    act(() => editor.explain.setOpen(true));
    select('L');
    const forward = card(/: f3$/);
    await user.click(within(forward).getByRole('button', { name: /^Y\[1,1\] = / }));
    expect(within(forward).getByTestId('worked-cell')).toHaveTextContent(
      'Y[1,1] = W[1,1] X[1,1] + W[1,2] X[1,3] + W[1,3] X[1,5]= (1)(1) + (2)(3) + (3)(5) = 22',
    );
  });

  it('a transposed convolution shows where an input cell lands: X[1,2] of 2×2 at stride 2 covers Y[1,3], Y[1,4], Y[2,3], Y[2,4]', async () => {
    const user = userEvent.setup();
    editor.reset(layer('convTranspose2d', { kernel: 2, stride: 2 }, [1, 2, 2], [1, 1, 2, 2]));
    render(<App />);
    act(() => editor.explain.setOpen(true));
    select('L');
    const forward = card(/: f3$/);
    await user.click(within(forward).getByRole('button', { name: 'X[1,2] = 2' }));
    expect(within(forward).getByTestId('worked-cell')).toHaveTextContent(
      'X[1,2] = 2 lands on 4 output cells, times the kernel cell that meets each:' +
        'Y[1,3] += W[1,1]·X = (1)(2); Y[1,4] += W[1,2]·X = (2)(2); Y[2,3] += W[2,1]·X = (3)(2); Y[2,4] += W[2,2]·X = (4)(2)',
    );
    const landed = [...forward.querySelectorAll('.cell-grid__cell--term')].map((c) => c.getAttribute('title'));
    expect(landed.filter((t) => t?.startsWith('Y'))).toEqual(['Y[1,3] = 2', 'Y[1,4] = 4', 'Y[2,3] = 6', 'Y[2,4] = 8']);
  });

  it('clicking the kernel in the backward step works out dW: with dY all ones, dW[1,1] sums X over the windows, 1 + 2 + 4 + 5 = 12', async () => {
    const user = userEvent.setup();
    editor.reset(layer('conv2d', { kernel: 2 }, [1, 3, 3], [1, 1, 2, 2]));
    render(<App />);
    act(() => editor.explain.setOpen(true));
    select('X');
    const backward = card(/: b1$/);
    await user.click(within(backward).getByRole('button', { name: /^W\[1,1\] = / }));
    expect(within(backward).getByTestId('worked-cell')).toHaveTextContent(
      'dW[1,1] = dY[1,1] X[1,1] + dY[1,2] X[1,2] + dY[2,1] X[2,1] + dY[2,2] X[2,2]= (1)(1) + (1)(2) + (1)(4) + (1)(5) = 12',
    );
  });
});
