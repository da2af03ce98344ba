// @vitest-environment jsdom
import './test-setup';
import { editor } from './editor';
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from './App';
import { matchesKey } from './keyboard';
import { productDoc } from './test-utils';

const key = (init: KeyboardEventInit) => new KeyboardEvent('keydown', init);

describe('keyboard', () => {
  beforeEach(() => {
    localStorage.clear();
    editor.reset(productDoc());
  });

  it('matches shortcuts exactly, with mod as Ctrl or Cmd', () => {
    expect(matchesKey(key({ key: 'z', ctrlKey: true }), 'mod+z')).toBe(true);
    expect(matchesKey(key({ key: 'z', metaKey: true }), 'mod+z')).toBe(true);
    expect(matchesKey(key({ key: 'Z', ctrlKey: true, shiftKey: true }), 'mod+z')).toBe(false);
    expect(matchesKey(key({ key: 'Z', ctrlKey: true, shiftKey: true }), 'mod+shift+z')).toBe(true);
    expect(matchesKey(key({ key: 'a' }), 'mod+a')).toBe(false);
    expect(matchesKey(key({ key: 'Delete' }), 'Delete')).toBe(true);
  });

  it('"a" opens the quick-add search; Enter adds the chosen op', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.keyboard('a');
    const search = screen.getByRole('combobox', { name: 'Search ops to add' });
    expect(search).toHaveFocus();
    await user.type(search, 'tanh');
    expect(screen.getByRole('option', { name: /Tanh/ })).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{Enter}');
    expect(screen.queryByRole('dialog', { name: 'Add a node' })).toBeNull();
    expect(editor.state.doc.present.nodes.at(-1)?.op).toBe('tanh');
  });

  it('does not steal keys typed into a field', async () => {
    const user = userEvent.setup();
    render(<App />);
    act(() => editor.select(['a']));
    await user.type(screen.getByRole('textbox', { name: 'Label' }), 'a/');
    expect(screen.queryByRole('dialog', { name: 'Add a node' })).toBeNull();
    expect(editor.state.doc.present.nodes[0].label).toBe('a/');
  });

  it('Ctrl+A selects everything and Escape clears the selection', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.keyboard('{Control>}a{/Control}');
    expect(screen.getByRole('heading', { name: '3 nodes selected' })).toBeVisible();
    await user.keyboard('{Escape}');
    expect(screen.getByRole('heading', { name: 'Document' })).toBeVisible();
  });
});
