// @vitest-environment jsdom
import '../test-setup';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../App';
import { editor } from '../editor';
import { productDoc } from '../test-utils';

describe('the shortcuts sheet', () => {
  beforeEach(() => {
    localStorage.clear();
    editor.reset(productDoc());
  });

  it('opens with ?, lists each command with its keys, and Escape closes it', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.keyboard('?');
    const sheet = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(screen.getByRole('button', { name: 'Close keyboard shortcuts' })).toHaveFocus();
    const keys = within(sheet).getByRole('table', { name: 'Keys' });
    expect(within(keys).getByRole('rowheader', { name: 'Undo' }).closest('tr')).toHaveTextContent('UndoCtrl+Z');
    expect(within(keys).getByRole('rowheader', { name: 'Add node…' }).closest('tr')).toHaveTextContent('A');
    expect(within(keys).getByRole('rowheader', { name: 'Keyboard shortcuts' }).closest('tr')).toHaveTextContent('?');
    expect(within(sheet).getByRole('rowheader', { name: 'Node menu' }).closest('tr')).toHaveTextContent('long-press');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog', { name: 'Keyboard shortcuts' })).toBeNull();
  });
});
