// @vitest-environment jsdom
import '../test-setup';
import { editor } from '../editor';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { parseDocument } from '../../graph/load';
import type { GraphDocument } from '../../graph/schema';
import { Inspector } from '../panels/Inspector';
import { updatesFromTimers } from '../playback/test-helpers';
import { renderEditor } from '../test-utils';

function example(file: string): GraphDocument {
  const r = parseDocument(readFileSync(resolve('public/examples', file), 'utf8'));
  if (!r.ok) throw new Error(`${file} should load`);
  return r.doc;
}

const select = (id: string) => act(() => editor.select([id]));
const valueOf = (id: string) => editor.state.doc.present.nodes.find((n) => n.id === id)?.value;

describe('plots in the inspector', () => {
  beforeEach(() => {
    updatesFromTimers();
    editor.reset();
    editor.set('training', { lr: 0.1, mean: false, outputId: null, losses: [] });
  });
  afterEach(() => editor.reset());

  it('clips the curves of ln and 2^x to the plot’s box (the derivative of ln runs off towards 0)', () => {
    for (const op of ['log', 'expBase']) {
      editor.reset({
        ...example('p1-backprop.json'),
        nodes: [
          { id: 'u', op: 'input', position: { x: 0, y: 0 }, value: 0.5 },
          { id: 'g', op, position: { x: 200, y: 0 } },
        ],
        edges: [{ source: 'u', target: 'g', port: 'u' }],
        output: 'g',
      });
      const { unmount, container } = renderEditor(<Inspector />);
      select('g');
      const curves = screen.getByTestId('plot-curves');
      const id = /^url\(#(.+)\)$/.exec(curves.getAttribute('clip-path') ?? '')?.[1] ?? '';
      const box = container.querySelector(`clipPath[id="${CSS.escape(id)}"] rect`);
      // The plot is 290 × 170 with margins 10 top, 10 right, 22 bottom, 34 left.
      expect([box?.getAttribute('x'), box?.getAttribute('y'), box?.getAttribute('width'), box?.getAttribute('height')]).toEqual([
        '34',
        '10',
        '246',
        '138',
      ]);
      expect(curves.querySelectorAll('path.plot__line')).toHaveLength(2);
      unmount();
    }
  });

  it('P3: a training step with lr 1 and the mean over the batch, one undoable edit, and the loss chart', async () => {
    const user = userEvent.setup();
    editor.reset(example('p3-linear-mse-update.json'));
    renderEditor(<Inspector />);
    select('L');
    const training = screen.getByRole('group', { name: 'Training' });
    expect(within(training).getByTestId('training-loss')).toHaveTextContent('16.5');
    const lr = within(training).getByRole('textbox', { name: 'learning rate' });
    await user.clear(lr);
    await user.type(lr, '1');
    await user.click(within(training).getByRole('checkbox', { name: 'average the gradient over the batch' }));
    await user.click(within(training).getByRole('button', { name: 'Training step' }));
    const a = valueOf('A') as { data: number[] };
    expect(a.data[0]).toBeCloseTo(11 / 3, 12);
    expect(a.data[1]).toBeCloseTo(2 / 3, 12);
    expect(editor.state.doc.past.map((e) => e.label)).toEqual(['Training step (lr 1)']);
    expect(within(training).getByTestId('training-loss')).toHaveTextContent('23.61');
    expect(within(training).getByRole('img', { name: 'Loss over 1 steps: 16.5, 23.61' })).toBeVisible();
    act(() => editor.undo());
    expect(valueOf('A')).toEqual({ shape: [1, 2], data: [3, 2] });
  });

  it('P1: no training for an output without trainable inputs', () => {
    editor.reset(example('p1-backprop.json'));
    renderEditor(<Inspector />);
    select('mul');
    expect(screen.queryByRole('group', { name: 'Training' })).toBeNull();
  });

  it('P13: plots sigmoid and its derivative, the input marked with f and f′ there, hidden until computed', () => {
    editor.reset(example('p13-activations.json'));
    renderEditor(<Inspector />);
    select('sig');
    expect(screen.getByRole('figure', { name: 'Sigmoid and its derivative' })).toBeVisible();
    expect(screen.getByText('u = −0.5 · f = 0.3775 · f′ = 0.235')).toBeVisible();
    expect(screen.getByTestId('plot-mark').querySelectorAll('circle, rect')).toHaveLength(2);
    act(() => editor.playback.seek(1));
    expect(screen.getByText('u = −0.5 · f = ? · f′ = ?')).toBeVisible();
    expect(screen.getByTestId('plot-mark').querySelectorAll('circle, rect')).toHaveLength(0);
  });
});
