// @vitest-environment jsdom
import '../test-setup';
import { editor } from '../editor';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { OPS } from '../../ops/registry';
import { GROUPS } from '../ops-search';
import { productDoc, renderEditor } from '../test-utils';
import { Palette } from './Palette';

describe('Palette', () => {
  beforeEach(() => editor.reset(productDoc()));

  it('lists every op under its group heading', () => {
    renderEditor(<Palette />);
    for (const group of GROUPS.filter((g) => OPS.some((op) => op.group === g))) {
      const section = screen.getByRole('region', { name: new RegExp(`^${group}`) });
      for (const op of OPS.filter((o) => o.group === group)) expect(within(section).getByText(op.title)).toBeVisible();
    }
    expect(screen.getAllByRole('button')).toHaveLength(OPS.length);
  });

  it('filters by title, keyword and symbol as you type', async () => {
    const user = userEvent.setup();
    renderEditor(<Palette />);
    const search = screen.getByRole('searchbox', { name: 'Search ops' });
    await user.type(search, 'product');
    expect(screen.getByRole('button', { name: /Multiply/ })).toBeVisible();
    expect(screen.queryByRole('button', { name: /Add$/ })).toBeNull();
    expect(screen.queryByRole('region', { name: /^Activations/ })).toBeNull();
    await user.clear(search);
    await user.type(search, 'σ');
    expect(screen.getByRole('button', { name: /Sigmoid/ })).toBeVisible();
    await user.clear(search);
    await user.type(search, 'no such op');
    expect(screen.getByText('No op matches “no such op”.')).toBeVisible();
  });

  it('adds a node with the keyboard: Enter on an item', async () => {
    const user = userEvent.setup();
    renderEditor(<Palette />);
    screen.getByRole('button', { name: /Sigmoid/ }).focus();
    await user.keyboard('{Enter}');
    const added = editor.state.doc.present.nodes.filter((n) => n.op === 'sigmoid');
    expect(added).toHaveLength(1);
    expect(editor.state.doc.selectedNodes).toEqual([added[0].id]);
  });
});
