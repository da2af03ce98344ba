// @vitest-environment jsdom
import '../test-setup';
import { editor } from '../editor';
import { readFileSync } from 'node:fs';
import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { parseDocument } from '../../graph/load';
import { renderEditor } from '../test-utils';
import { Inspector } from './Inspector';

function example(name: string) {
  const r = parseDocument(readFileSync(`public/examples/${name}`, 'utf8'));
  if (!r.ok) throw new Error(name);
  return r.doc;
}

describe('layer arithmetic in the inspector', () => {
  beforeEach(() => editor.setFlops('macs'));

  it('P6: AlexNet conv1 shows 72,855,552 FLOPs as multiply-adds, and twice that after the switch', async () => {
    const user = userEvent.setup();
    editor.reset(example('p6-alexnet-conv1.json'));
    renderEditor(<Inspector />);
    act(() => editor.select(['conv1']));
    expect(await screen.findByTestId('flops')).toHaveTextContent('72,855,552');
    expect(screen.getByText('multiply-adds (MACs)')).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Count FLOPs as 2 × MACs' }));
    expect(screen.getByTestId('flops')).toHaveTextContent('145,711,104');
  });

  it('P7: the output-size formula and the padding that keeps the size, on request', async () => {
    const user = userEvent.setup();
    editor.reset(example('p7-output-size.json'));
    renderEditor(<Inspector />);
    act(() => editor.select(['strided']));
    await user.click(screen.getByText('Output size and “same” padding'));
    expect(screen.getByTestId('size-formula')).toHaveTextContent('H_out = ⌊(7 + 2·2 − 3)/2⌋ + 1 = 5');
    act(() => editor.select(['same']));
    await user.click(screen.getByText('Output size and “same” padding'));
    expect(screen.getByTestId('size-formula')).toHaveTextContent('H_out = ⌊(7 + 2·2 − 5)/1⌋ + 1 = 7');
    expect(screen.getByTestId('same-padding')).toHaveTextContent('padding 2 keeps the size');
  });
});
