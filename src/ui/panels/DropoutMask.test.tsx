// @vitest-environment jsdom
import '../test-setup';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FORMAT, VERSION, type GraphDocument } from '../../graph/schema';
import { editor } from '../editor';
import { renderEditor } from '../test-utils';
import { Inspector } from './Inspector';

const X = [1, -2, 3, 0.5, -1.5, 2, 4, -3];

/** sum(dropout(x)) for x of 2×4, p = 0.5: kept elements double. */
const dropoutDoc = (): GraphDocument => ({
  format: FORMAT,
  version: VERSION,
  title: 'Dropout',
  nodes: [
    { id: 'x', op: 'input', position: { x: 0, y: 0 }, value: { shape: [2, 4], data: X } },
    { id: 'drop', op: 'dropout', position: { x: 200, y: 0 }, params: { p: 0.5, seed: 5 } },
    { id: 'up', op: 'upsample', position: { x: 200, y: 200 } },
    { id: 's', op: 'sum', position: { x: 400, y: 0 } },
  ],
  edges: [
    { source: 'x', target: 'drop', port: 'x' },
    { source: 'drop', target: 's', port: 'x' },
  ],
  output: 's',
});

/** The numbers of a grid as shown (formatLabel writes a minus sign, −). */
const cells = (el: HTMLElement) =>
  within(el)
    .getAllByText(/^[-−]?[\d.]+$/)
    .map((c) => Number(c.textContent?.replace('−', '-')));

describe('the dropout inspector', () => {
  beforeEach(() => editor.reset(dropoutDoc()));

  it('switches the document to train mode, and shows the mask the value was computed with', async () => {
    const user = userEvent.setup();
    renderEditor(<Inspector />);
    act(() => editor.select(['drop']));
    const mode = screen.getByLabelText('document mode (every dropout)');
    expect(mode).toHaveValue('eval');
    expect(screen.queryByTestId('dropout-mask')).toBeNull();
    expect(cells(screen.getByTestId('inspector-value'))).toEqual(X);

    await user.selectOptions(mode, 'train');
    expect(editor.state.doc.present.mode).toBe('train');
    const mask = cells(screen.getByTestId('dropout-mask'));
    expect(mask).toHaveLength(8);
    // The engine's value: 0 where the mask says dropped, 2x (1/(1 − 0.5)) where kept.
    expect(cells(screen.getByTestId('inspector-value'))).toEqual(X.map((v, i) => (mask[i] ? 2 * v : 0)));
    expect(screen.getByTestId('dropout-kept')).toHaveTextContent(`mask: ${mask.filter(Boolean).length} of 8 kept`);

    await user.selectOptions(mode, 'eval');
    expect(editor.state.doc.present.mode).toBeUndefined();
    expect(screen.queryByTestId('dropout-mask')).toBeNull();
  });

  it('shows the parameters of dropout and upsample, and no mode switch for upsample', () => {
    renderEditor(<Inspector />);
    act(() => editor.select(['drop']));
    expect(screen.getByLabelText('p, probability of zeroing an element')).toHaveValue('0.5');
    expect(screen.getByLabelText('mask seed')).toHaveValue('5');
    act(() => editor.select(['up']));
    expect(screen.getByLabelText('mode')).toHaveValue('nearest');
    expect(screen.getByLabelText('align corners (bilinear only)')).not.toBeChecked();
    expect(screen.queryByLabelText('document mode (every dropout)')).toBeNull();
  });
});
