// @vitest-environment jsdom
import '../test-setup';
import { editor } from '../editor';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { serializeDocument } from '../../graph/load';
import { App } from '../App';
import { startEditor } from '../startup';
import { productDoc } from '../test-utils';
import { LEGACY_KEYS } from './legacy';
import { CURRENT_KEY } from './session';
import type { EntryMeta } from './store';
import { addEntry, allEntries, docOf, freshBrowser } from './test-library';

const BAD = '{"format":"backprop-studio.graph","version":1,"nodes":[{"id":"a"}],"edges":[]}';
const other = { ...productDoc(), title: 'Week 2 quiz', description: 'Two inputs and their product.' };

let own: EntryMeta;
let quiz: EntryMeta;

beforeEach(async () => {
  freshBrowser();
  editor.reset();
  localStorage.setItem(LEGACY_KEYS[2].key, BAD);
  quiz = await addEntry(serializeDocument(other), { kind: 'example', file: 'quiz.json' });
  own = await addEntry(serializeDocument(productDoc()));
  sessionStorage.setItem(CURRENT_KEY, own.id);
  await startEditor();
  editor.set('library', { panelOpen: false });
});

async function openPanel() {
  const user = userEvent.setup();
  render(<App />);
  await user.keyboard('{Shift>}D{/Shift}');
  const dialog = await screen.findByRole('dialog', { name: 'My documents' });
  return { user, dialog };
}

const row = (dialog: HTMLElement, title: string) => within(dialog).getByRole('listitem', { name: title });

describe('My documents', () => {
  it('opens from the toolbar button and Shift+D, and lists every document with its facts in words', async () => {
    const user = userEvent.setup();
    render(<App />);
    expect(screen.getByRole('button', { name: 'My documents' })).toHaveAttribute('aria-keyshortcuts', 'Shift+D');
    await user.click(screen.getByRole('button', { name: 'My documents' }));
    const dialog = await screen.findByRole('dialog', { name: 'My documents' });
    const items = within(within(dialog).getByRole('list', { name: 'Documents' })).getAllByRole('listitem');
    // Each item is named by its heading (the order, most recent first, moves as the open one autosaves).
    expect(items.map((i) => within(i).getByRole('heading').textContent).sort()).toEqual(['Product', 'Unreadable autosave', 'Week 2 quiz']);
    for (const i of items) expect(i).toHaveAccessibleName(within(i).getByRole('heading').textContent ?? '');
    const mine = row(dialog, 'Product');
    expect(mine).toHaveAttribute('aria-current', 'true');
    expect(mine).toHaveTextContent('Open now');
    expect(mine).toHaveTextContent('3 nodes');
    expect(within(mine).queryByRole('button', { name: 'Open “Product”' })).toBeNull();
    expect(row(dialog, 'Week 2 quiz')).toHaveTextContent('Example quiz.json');
    expect(row(dialog, 'Week 2 quiz')).toHaveTextContent('Two inputs and their product.');
    const bad = row(dialog, 'Unreadable autosave');
    expect(bad).toHaveTextContent('Unreadable');
    expect(bad).toHaveTextContent('Why: nodes[0].op');
    expect(within(bad).queryByRole('button', { name: /^Open/ })).toBeNull();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('opens another document, saving the open one first', async () => {
    const { user, dialog } = await openPanel();
    act(() => editor.commit('Value', (d) => void (d.nodes[0].value = 42)));
    await user.click(within(row(dialog, 'Week 2 quiz')).getByRole('button', { name: 'Open “Week 2 quiz”' }));
    await waitFor(() => expect(editor.state.doc.present.title).toBe('Week 2 quiz'));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(editor.state.library.currentId).toBe(quiz.id);
    expect(docOf((await allEntries()).find((e) => e.id === own.id)).nodes[0].value).toBe(42);
  });

  it('renames from the keyboard: the open document as an undoable edit, another one in the library', async () => {
    const { user, dialog } = await openPanel();
    await user.click(within(row(dialog, 'Product')).getByRole('button', { name: 'Rename “Product”' }));
    const field = within(dialog).getByRole('textbox', { name: 'New name for “Product”' });
    expect(field).toHaveFocus();
    await user.keyboard('{Control>}a{/Control}Chain rule{Enter}');
    await waitFor(() => expect(row(dialog, 'Chain rule')).toBeVisible());
    expect(editor.state.doc.present.title).toBe('Chain rule');
    expect(editor.state.doc.past.at(-1)?.label).toBe('Rename graph');
    await waitFor(async () => expect((await allEntries()).find((e) => e.id === own.id)?.title).toBe('Chain rule'));

    await user.click(within(row(dialog, 'Week 2 quiz')).getByRole('button', { name: 'Rename “Week 2 quiz”' }));
    await user.keyboard('{Control>}a{/Control}Quiz, final');
    // Escape cancels the rename only; the panel stays open.
    await user.keyboard('{Escape}');
    expect(row(dialog, 'Week 2 quiz')).toBeVisible();
    await user.click(within(row(dialog, 'Week 2 quiz')).getByRole('button', { name: 'Rename “Week 2 quiz”' }));
    await user.keyboard('{Control>}a{/Control}Quiz, final');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(row(dialog, 'Quiz, final')).toBeVisible());
    expect(docOf((await allEntries()).find((e) => e.id === quiz.id))).toEqual({ ...other, title: 'Quiz, final' });
  });

  it('duplicates, and deletes with an Undo in the notice that restores the exact entry', async () => {
    const { user, dialog } = await openPanel();
    await user.click(within(row(dialog, 'Week 2 quiz')).getByRole('button', { name: 'Duplicate “Week 2 quiz”' }));
    await waitFor(() => expect(row(dialog, 'Week 2 quiz (copy)')).toBeVisible());
    expect(docOf((await allEntries()).find((e) => e.title === 'Week 2 quiz (copy)'))).toEqual({ ...other, title: 'Week 2 quiz (copy)' });

    const before = (await allEntries()).find((e) => e.id === quiz.id);
    await user.click(within(row(dialog, 'Week 2 quiz')).getByRole('button', { name: 'Delete “Week 2 quiz”' }));
    await waitFor(() => expect(within(dialog).queryByRole('listitem', { name: 'Week 2 quiz' })).toBeNull());
    // Focus goes to the panel's own Undo, so the way back is one key away.
    await waitFor(() => expect(within(dialog).getByRole('button', { name: 'Undo deleting “Week 2 quiz”' })).toHaveFocus());
    const status = screen.getAllByRole('status').find((el) => el.classList.contains('notices'));
    if (!status) throw new Error('no notices region');
    expect(status).toHaveTextContent('Deleted “Week 2 quiz”.');
    expect((await allEntries()).find((e) => e.id === quiz.id)).toBeUndefined();
    await user.click(within(status).getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(row(dialog, 'Week 2 quiz')).toBeVisible());
    expect((await allEntries()).find((e) => e.id === quiz.id)).toEqual(before);
    expect(within(dialog).queryByRole('button', { name: /^Undo deleting/ })).toBeNull();
    // From the keyboard: delete, then Enter on the Undo that has the focus.
    within(row(dialog, 'Week 2 quiz')).getByRole('button', { name: 'Delete “Week 2 quiz”' }).focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(within(dialog).getByRole('button', { name: 'Undo deleting “Week 2 quiz”' })).toHaveFocus());
    await user.keyboard('{Enter}');
    await waitFor(() => expect(row(dialog, 'Week 2 quiz')).toBeVisible());
    expect((await allEntries()).find((e) => e.id === quiz.id)).toEqual(before);
  });

  it('downloads an unreadable entry’s raw text', async () => {
    const saved: Blob[] = [];
    URL.createObjectURL = (b: Blob | MediaSource) => (saved.push(b as Blob), 'blob:kept');
    URL.revokeObjectURL = () => undefined;
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    const { user, dialog } = await openPanel();
    await user.click(within(row(dialog, 'Unreadable autosave')).getByRole('button', { name: 'Download “Unreadable autosave”' }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(await saved[0].text()).toBe(BAD);
    expect(click.mock.contexts[0]).toHaveAttribute('download', 'unreadable-autosave.json');
    click.mockRestore();
  });
});
