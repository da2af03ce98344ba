// @vitest-environment jsdom
import '../test-setup';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { graph, inp } from '../../../tests/doc-builder';
import { editor } from '../editor';
import { Inspector } from '../panels/Inspector';
import { renderEditor } from '../test-utils';

/** The batch [[1, 10], [3, 30]] with momentum ½: running mean 0 → (1, 10), variance 1 → (1.5, 100.5). */
const doc = () =>
  graph(
    [inp('x', { shape: [2, 2], data: [1, 10, 3, 30] }), ['bn', 'batchNorm', { params: { momentum: 0.5 } }], ['s', 'sum']],
    [
      ['x', 'bn', 'x'],
      ['bn', 's', 'x'],
    ],
    's',
  );

const cells = (row: HTMLElement) =>
  within(row)
    .getAllByRole('cell')
    .map((c) => c.textContent);

describe('batch norm’s running statistics in the inspector', () => {
  it('shows the ones read and the ones written, and Apply carries them into the document for the next pass', async () => {
    const user = userEvent.setup();
    editor.reset(doc());
    renderEditor(<Inspector />);
    act(() => editor.select(['bn']));
    const table = await screen.findByTestId('running-stats');
    const rows = () => within(table).getAllByRole('row').slice(1);
    expect(rows().map(cells)).toEqual([
      ['0', '1', '1', '1.5'],
      ['0', '1', '10', '100.5'],
    ]);
    await user.click(screen.getByRole('button', { name: 'Apply running stats' }));
    const present = () => editor.state.doc.present;
    expect(present().nodes.find((n) => n.id === 'bn_var')?.value).toEqual({ shape: [2], data: [1.5, 100.5] });
    // The next pass reads them: ½·1 + ½·2 = 1.5 and ½·1.5 + ½·2 = 1.75 for the first channel.
    await screen.findByText('1.75');
    expect(rows().map(cells)[0]).toEqual(['1', '1.5', '1.5', '1.75']);
    act(() => editor.undo());
    expect(present().nodes.some((n) => n.id === 'bn_var')).toBe(false);
  });
});
